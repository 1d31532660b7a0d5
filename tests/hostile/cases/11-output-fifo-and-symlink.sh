# A FIFO output is written in place (a reader gets the report, the FIFO
# stays); a symbolic link stays a link and its target gets the report.
good_compose compose.yml
mkfifo report.fifo
timeout 20 cat report.fifo >got.json &
reader=$!
ln -s real.sarif link.sarif
cl -q --format json:report.fifo --format sarif:link.sarif compose.yml
wait "$reader"
expect_rc 0
expect "the FIFO is gone" [ -p report.fifo ]
expect "the reader got no JSON" grep -q '"findings"' got.json
expect "link.sarif is no longer a symbolic link" [ -L link.sarif ]
expect "the link's target has no SARIF" grep -q '"version": "2.1.0"' real.sarif
