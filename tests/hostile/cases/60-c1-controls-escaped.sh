# C1 control characters (U+0080-U+009F; U+009B is CSI, a terminal escape)
# are escaped in text, GitHub and JSON output like C0 ones.
printf 'services:\n  web:\n    image: "x\302\23331mred:1"\n' >compose.yml
for f in text github json; do
	cl --format $f compose.yml
	grep -q "$(printf '\302\233')" "$OUT" && failure "$f: a raw U+009B in the output"
	case $f in
	text) expect_out "image 'x<U\+009B>31mred:1'" ;;
	json) expect_out 'x\\u009B31mred:1' ;;
	github) expect_out "x$(printf '\357\277\275')31mred:1" ;;
	esac
done
