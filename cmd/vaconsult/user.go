package main

import (
	"context"
	"fmt"
	"io"
)

func userCmd(ctx context.Context, args []string, out io.Writer) error {
	return fmt.Errorf("user: not yet available")
}
