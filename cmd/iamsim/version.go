package main

import (
	"fmt"
	"runtime/debug"
)

// `iamsim version` and `iamsim --version` print the build: the module's
// version, the commit it was built from when the build recorded one, and
// the Go version.

var versionCommand = &command{
	name:    "version",
	summary: "Print iamsim's version.",
	hidden:  true,
	run: func(c *cli, _ *command, _ []string) int {
		bi, ok := debug.ReadBuildInfo()
		fmt.Fprintln(c.stdout, versionString(bi, ok))
		return exitOK
	},
}

// versionString names a build: "iamsim VERSION [(REVISION[, modified])]
// GOVERSION". VERSION is the main module's: a release tag, a pseudo-version
// derived from the commit, or "(devel)" when go built it from a checkout
// without version control information (go run, -buildvcs=false); the
// revision is the commit's, modified when the checkout had changes.
func versionString(bi *debug.BuildInfo, ok bool) string {
	v := "(devel)"
	var revision, modified, goVersion string
	if ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		goVersion = " " + bi.GoVersion
	}
	if revision != "" {
		if modified == "true" {
			revision += ", modified"
		}
		v += " (" + revision + ")"
	}
	return "iamsim " + v + goVersion
}
