package sgemm

// UseAssembly turns the assembly kernels on or off (off runs the portable
// Go kernels everywhere, for tests comparing the two) and returns whether
// they were on. Turning them on where the CPU lacks AVX2 and FMA leaves
// them off; the AVX-512 kernels run where the CPU has AVX-512F. It must
// not be called while a multiplication runs.
func UseAssembly(on bool) (was bool) {
	was = useAsm
	useAsm = on && hasAsm
	use512 = on && has512
	return was
}
