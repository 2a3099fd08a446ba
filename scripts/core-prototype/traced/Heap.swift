// Memory of the traced prototype: nixinv's traced heap (Sources/NixHeap: mark and sweep, the stack
// scanned conservatively), so that memory is reclaimed as in Nix.

/// The heap; the outermost scope is a registered root, everything else is found from the stack.
nonisolated(unsafe) let theHeap = nix_heap_create()!
nonisolated(unsafe) var rootEnv: UnsafeMutableRawPointer? = nil

/// A zeroed block of `size` bytes, through the heap's in-line path.
@inline(__always) func alloc(_ size: Int) -> UnsafeMutableRawPointer { nix_heap_allocate_inline(theHeap, size)! }

/// The outermost scope (two slots), kept alive as a registered root.
func makeRoot() -> UnsafeMutableRawPointer {
  withUnsafeMutablePointer(to: &rootEnv) { _ = nix_heap_add_root(theHeap, $0, 1) }
  rootEnv = alloc(48)
  return rootEnv!
}
