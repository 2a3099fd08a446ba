#if canImport(Glibc)
  import Glibc
#endif
import NixHeap

/// The traced heap the next core's records live in (``NixHeap``): blocks are freed by a
/// collection that scans the owning thread's stack and the registered roots. The heap belongs
/// to the thread that makes it, which must be the evaluating thread.
public final class CoreHeap {
  /// The C heap.
  let heap: OpaquePointer
  /// A root range of values the evaluator keeps outside the stack (global scope, imports).
  let roots: UnsafeMutablePointer<Value>
  let rootCapacity: Int
  var rootCount = 0

  /// A heap with room for `rootCapacity` root values.
  public init(rootCapacity: Int = 1 << 16) {
    guard let h = nix_heap_create() else { fatalError("nixinv: cannot reserve the evaluator's heap") }
    heap = h
    self.rootCapacity = rootCapacity
    roots = UnsafeMutablePointer<Value>.allocate(capacity: rootCapacity)
    roots.initialize(repeating: .null, count: rootCapacity)
    _ = nix_heap_add_root(heap, UnsafeMutableRawPointer(roots), rootCapacity * MemoryLayout<Value>.stride / 8)
  }

  deinit {
    nix_heap_destroy(heap)
    roots.deallocate()
  }

  /// A zeroed block of `size` bytes (at least 1), 16-byte aligned.
  @inline(__always) func allocate(_ size: Int) -> UnsafeMutableRawPointer {
    if let p = nix_heap_allocate_inline(heap, size) { return p }
    fatalError("nixinv: out of memory (\(size) bytes)")
  }

  /// Keeps `value` alive for as long as the heap lives; returns its root index.
  @discardableResult func keep(_ value: Value) -> Int {
    if rootCount == rootCapacity { fatalError("nixinv: too many evaluator roots") }
    roots[rootCount] = value
    rootCount += 1
    return rootCount - 1
  }

  /// Sets the bytes allocated between collections at the least (for tests).
  public func setThreshold(_ bytes: Int) { nix_heap_set_threshold(heap, bytes) }

  /// Collections run so far and bytes in use.
  public var statistics: (collections: UInt64, usedBytes: UInt64, allocatedBytes: UInt64) {
    let s = nix_heap_get_stats(heap)
    return (s.collections, s.used_bytes, s.allocated_bytes)
  }

  /// Runs a collection now.
  public func collect() { nix_heap_collect(heap) }
}
