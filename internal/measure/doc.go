// Package measure holds what iamsim's tests and benchmarks use to measure
// cost, in one place instead of a copy per package: the process's CPU
// time, the time, allocation and live-heap peak of a call, whether the
// race detector is on (it slows everything about tenfold, so measuring
// tests shrink their inputs), and inputs filled up to a size. It is
// internal: not part of iamsim's API.
package measure
