package auditlog

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// flowV2 is the default (version 2) flow log format, used when a file has no
// header line.
var flowV2 = []string{"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status"}

// flowNumeric are the fields given as numbers (ports compare with lt/gt).
var flowNumeric = map[string]bool{"version": true, "srcport": true, "dstport": true, "protocol": true, "packets": true,
	"bytes": true, "start": true, "end": true, "tcp-flags": true, "traffic-type": false, "sublocation-id": false}

// ReadFlowLogs reads VPC flow log records (space-separated, one per line)
// from r and calls fn with each. A first line of field names (as S3 delivery
// writes: "version account-id ... log-status", or any custom format) gives
// the field order; without one the default version-2 order is assumed.
// Fields are named as in the header (dstport, srcaddr, action, ...); "-" is
// a missing value; numeric fields are numbers. NODATA and SKIPDATA records
// carry no traffic and are skipped. An event's ID is a digest of its line,
// so reading the same line again gives the same ID.
func ReadFlowLogs(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	return unstop(readFlowLogs(r, opt, fn))
}

func readFlowLogs(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	in, gz, err := decompress(r)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	fields := flowV2
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		n++
		cols := strings.Fields(line)
		if n == 1 && (cols[0] == "version" || strings.Contains(line, "srcaddr") || strings.Contains(line, "dstport")) {
			fields = cols
			continue
		}
		if n == 1 && len(cols) != len(flowV2) {
			return fmt.Errorf("%w: not a VPC flow log: the first line has %d fields and no header naming them", ErrNotAuditLog, len(cols))
		}
		if len(cols) != len(fields) {
			if opt.OnBadRecord != nil {
				opt.OnBadRecord(n, fmt.Errorf("has %d fields, the format has %d", len(cols), len(fields)))
			}
			continue
		}
		rec := make(mamori.MapRecord, len(fields))
		for i, f := range fields {
			v := cols[i]
			switch {
			case v == "-":
				rec[f] = nil
			case flowNumeric[f]:
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					rec[f] = v
				} else {
					rec[f] = x
				}
			default:
				rec[f] = v
			}
		}
		if st, _ := rec["log-status"].(string); st == "NODATA" || st == "SKIPDATA" {
			continue
		}
		str := func(k string) string { s, _ := rec[k].(string); return s }
		var t time.Time
		if s, ok := rec["start"].(float64); ok {
			t = time.Unix(int64(s), 0).UTC()
		}
		sum := sha256.Sum256([]byte(line))
		ev := &mamori.Event{ID: "flow-" + hex.EncodeToString(sum[:16]), Source: "aws.vpcflow", Time: t,
			Account: str("account-id"), Region: str("region"), Name: str("action"), SourceIP: str("srcaddr"), Fields: rec}
		if err := fn(ev); err != nil {
			return stopError{err}
		}
	}
	if err := sc.Err(); err != nil {
		return readErr(err, gz)
	}
	return nil
}
