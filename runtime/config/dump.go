package config

import (
	"bufio"
	"io"
)

// Dump writes every configuration file read, in the order nginx opened
// them, as "nginx -T" prints them: "# configuration file PATH:", the file's
// content, then an empty line.
func (c *Config) Dump(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, f := range c.Files {
		bw.WriteString("# configuration file ")
		bw.WriteString(f.Name)
		bw.WriteString(":\n")
		bw.Write(f.Content)
		bw.WriteString("\n")
	}
	return bw.Flush()
}
