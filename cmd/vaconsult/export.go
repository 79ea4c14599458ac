package main

import (
	"context"
	"fmt"
	"io"
)

func exportCmd(ctx context.Context, args []string, out io.Writer) error {
	return fmt.Errorf("export: not yet available")
}
