package logparse

import "io"

var errEOF = io.EOF
