// Memory of the plain prototype: a bump arena, never freed (no collector: what collecting adds is
// measured by ../traced).

struct Arena {
  var next: UnsafeMutableRawPointer
  var end: UnsafeMutableRawPointer
  init() { next = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16); end = next + (1 << 20) }
  @inline(__always) mutating func alloc(_ n: Int) -> UnsafeMutableRawPointer {
    if end - next < n { next = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 16); end = next + (1 << 20) }
    let p = next; next += (n + 15) & ~15; return p
  }
}
var arena = Arena()

/// `size` bytes from the arena.
@inline(__always) func alloc(_ size: Int) -> UnsafeMutableRawPointer { arena.alloc(size) }

/// The outermost scope (two slots).
func makeRoot() -> UnsafeMutableRawPointer { alloc(48) }
