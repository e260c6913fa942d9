package logparse

import "bytes"

// stripANSI removes terminal escapes from a line captured on a TTY: CSI
// sequences such as SGR colours ("\x1b[1;32m") and OSC sequences such as
// OSC-8 hyperlinks ("\x1b]8;;url\x1b\\"), ended by BEL or ST. Lines without
// ESC are returned as they are.
func stripANSI(line []byte, buf []byte) []byte {
	if bytes.IndexByte(line, 0x1b) < 0 {
		return line
	}
	out := buf[:0]
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != 0x1b {
			out = append(out, c)
			continue
		}
		if i+1 >= len(line) {
			break
		}
		switch line[i+1] {
		case '[': // CSI: parameters, then one final byte in 0x40–0x7e
			j := i + 2
			for j < len(line) && (line[j] < 0x40 || line[j] > 0x7e) {
				j++
			}
			i = j
		case ']': // OSC: up to BEL or ESC '\'
			j := i + 2
			for j < len(line) {
				if line[j] == 0x07 {
					break
				}
				if line[j] == 0x1b && j+1 < len(line) && line[j+1] == '\\' {
					j++
					break
				}
				j++
			}
			i = j
		default: // two-byte escape
			i++
		}
	}
	return out
}
