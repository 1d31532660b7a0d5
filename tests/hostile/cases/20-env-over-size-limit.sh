# A .env or --env-file over the size limit is a CL004 finding at its first
# line, never read in part: NM=host at its end must not pass unseen as
# "unset".  Small inputs with a small --max-file-size here; 30- has the
# default limit.
mkdir p
printf 'services:\n  web:\n    image: nginx:1.25\n    network_mode: ${NM}\n' >p/compose.yml
i=0
while [ $i -lt 200 ]; do echo "PAD_$i=xxxxxxxxxx"; i=$((i + 1)); done >p/.env
echo NM=host >>p/.env
cp p/.env big.env
cl -q --max-file-size 2000 p/compose.yml
expect_rc 1
expect_out '^p/\.env:1:1: error: file is larger than the limit of 2000 bytes; not linted \[CL004 '
expect_out '^p/compose\.yml:3:12: .*CL201'
rm p/.env
cl -q --max-file-size 2000 --env-file big.env p/compose.yml
expect_rc 1
expect_out '^big\.env:1:1: error: .*\[CL004 '
# within the limit the same file is read whole: the variable is seen
cl -q --env-file big.env p/compose.yml
expect_out 'CL304'
