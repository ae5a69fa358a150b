package main

import (
	"fmt"
	"runtime/debug"
)

// `iamsim version` and `iamsim --version` print the build.

var versionCommand = &command{
	name:    "version",
	summary: "Print iamsim's version.",
	hidden:  true,
	run: func(c *cli, _ *command, _ []string) int {
		fmt.Fprintln(c.stdout, versionString())
		return exitOK
	},
}

// versionString names the build.
func versionString() string {
	v := "(devel)"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		goVersion = " " + bi.GoVersion
	}
	return "iamsim " + v + goVersion
}
