import Glibc
import NixHeap
import Testing

/// The traced heap: what a root reaches survives any number of collections with its contents
/// intact, what nothing reaches is freed and reused. A block wrongly freed would be handed out
/// again and zeroed, so every test that keeps blocks checks their contents after allocating
/// garbage over them. Tracing is conservative (a stale word on the stack can keep a block), so
/// tests of freeing count in bulk.
@Suite struct HeapTests {
  /// A heap that collects every `threshold` bytes.
  func makeHeap(threshold: Int = 64 << 10) throws -> OpaquePointer {
    let heap = try #require(nix_heap_create())
    nix_heap_set_threshold(heap, threshold)
    return heap
  }

  @Test func blocksAreZeroedAlignedAndInTheHeap() throws {
    // No collection: the blocks are kept only by addresses in a Swift set, which is not scanned.
    let heap = try makeHeap(threshold: 1 << 40)
    defer { nix_heap_destroy(heap) }
    var seen = Set<UInt>()
    for size in [1, 15, 16, 17, 48, 100, 1000, 4096, 4097, 70_000] {
      for i in 0..<50 {
        let p = try #require(i & 1 == 0 ? nix_heap_allocate(heap, size) : nix_heap_allocate_inline(heap, size))
        #expect(UInt(bitPattern: p) % 16 == 0)
        #expect(nix_heap_contains(heap, p) == 1)
        #expect(nix_heap_contains(heap, p + (size - 1)) == 1)
        let bytes = p.assumingMemoryBound(to: UInt8.self)
        #expect((0..<size).allSatisfy { bytes[$0] == 0 })
        memsetBytes(p, 0xEE, size)
        #expect(seen.insert(UInt(bitPattern: p)).inserted)
      }
    }
    var local = 0
    #expect(nix_heap_contains(heap, &local) == 0)
  }

  /// A linked list built while collections run keeps every node and value.
  @Test func reachableBlocksSurviveCollections() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    let count = 20_000
    var head: UnsafeMutableRawPointer? = nil
    for i in 0..<count {
      let node = try #require(nix_heap_allocate(heap, 32))
      node.storeBytes(of: head, as: UnsafeMutableRawPointer?.self)
      node.storeBytes(of: i, toByteOffset: 8, as: Int.self)
      head = node
      // Garbage between the nodes (through the in-line path too), so that collections run and
      // free blocks are reused.
      for _ in 0..<5 { _ = nix_heap_allocate_inline(heap, 32) }
    }
    nix_heap_collect(heap)
    for _ in 0..<100_000 { _ = nix_heap_allocate(heap, 32) }
    var expected = count - 1
    var node = head
    while let n = node {
      #expect(n.load(fromByteOffset: 8, as: Int.self) == expected)
      expected -= 1
      node = n.load(as: UnsafeMutableRawPointer?.self)
    }
    #expect(expected == -1)
    #expect(nix_heap_get_stats(heap).collections > 10)
  }

  /// Allocates `count` blocks that nothing keeps.
  @inline(never)
  func allocateGarbage(_ heap: OpaquePointer, count: Int, size: Int) {
    for i in 0..<count { _ = i & 1 == 0 ? nix_heap_allocate(heap, size) : nix_heap_allocate_inline(heap, size) }
  }

  @Test func unreachableBlocksAreFreedAndReused() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    allocateGarbage(heap, count: 1_000_000, size: 48)
    allocateGarbage(heap, count: 200, size: 100_000)
    nix_heap_collect(heap)
    let stats = nix_heap_get_stats(heap)
    #expect(stats.allocated_bytes > 60_000_000)
    // A few blocks may stay, held by stale words on the stack.
    #expect(stats.used_bytes < 1_000_000)
  }

  /// Blocks referenced only from a registered root (memory the collector does not scan
  /// otherwise) survive; once the root is removed they are freed.
  @Test func registeredRootsKeepBlocks() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    let count = 2_000
    let table = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
    defer { table.deallocate() }
    #expect(nix_heap_add_root(heap, table, count) == 0)
    fillTable(heap, table, count: count)
    allocateGarbage(heap, count: 200_000, size: 64)
    nix_heap_collect(heap)
    for i in 0..<count {
      #expect(table[i]?.load(as: Int.self) == i * 7)
    }
    let kept = nix_heap_get_stats(heap).used_bytes
    #expect(kept >= UInt64(count * 64))
    nix_heap_remove_root(heap, table)
    for i in 0..<count { table[i] = nil }
    nix_heap_collect(heap)
    #expect(nix_heap_get_stats(heap).used_bytes < kept / 10)
  }

  @inline(never)
  func fillTable(_ heap: OpaquePointer, _ table: UnsafeMutablePointer<UnsafeMutableRawPointer?>, count: Int) {
    for i in 0..<count {
      let block = nix_heap_allocate(heap, 64)
      block?.storeBytes(of: i * 7, as: Int.self)
      table[i] = block
    }
  }

  /// A word pointing inside a block, as a pointer to a field does, keeps the block.
  @Test func interiorReferencesKeepBlocks() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    let table = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 100)
    defer { table.deallocate() }
    #expect(nix_heap_add_root(heap, table, 100) == 0)
    for i in 0..<100 {
      let block = try #require(nix_heap_allocate(heap, 96))
      block.storeBytes(of: i, toByteOffset: 8, as: Int.self)
      table[i] = block + 40
    }
    allocateGarbage(heap, count: 100_000, size: 96)
    nix_heap_collect(heap)
    for i in 0..<100 {
      #expect(table[i].map { ($0 - 40).load(fromByteOffset: 8, as: Int.self) } == i)
    }
  }

  /// References between blocks are traced, also through large blocks.
  @Test func blocksReachedThroughOtherBlocksSurvive() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    let slots = 10_000
    let big = try #require(nix_heap_allocate(heap, slots * 8))
    let table = big.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
    for i in 0..<slots {
      let block = try #require(nix_heap_allocate(heap, 16))
      block.storeBytes(of: i + 1, as: Int.self)
      table[i] = block
    }
    allocateGarbage(heap, count: 100_000, size: 16)
    allocateGarbage(heap, count: 100, size: slots * 8)
    nix_heap_collect(heap)
    for i in 0..<slots {
      #expect(table[i]?.load(as: Int.self) == i + 1)
    }
  }

  /// The counters follow allocations on both paths and collections.
  @Test func countersFollowAllocationsAndCollections() throws {
    let heap = try makeHeap(threshold: 1 << 40)
    defer { nix_heap_destroy(heap) }
    for i in 0..<1000 { _ = i & 1 == 0 ? nix_heap_allocate(heap, 40) : nix_heap_allocate_inline(heap, 40) }
    var stats = nix_heap_get_stats(heap)
    #expect(stats.allocated_bytes == 48_000)
    #expect(stats.used_bytes == 48_000)
    #expect(stats.collections == 0)
    nix_heap_collect(heap)
    stats = nix_heap_get_stats(heap)
    #expect(stats.collections == 1)
    #expect(stats.allocated_bytes == 48_000)
    #expect(stats.used_bytes == stats.live_bytes)
    #expect(stats.live_bytes < 48_000)
    // A large block beyond the budget is counted whole, in pages.
    nix_heap_set_threshold(heap, 1000)
    _ = nix_heap_allocate(heap, 100_000)
    #expect(nix_heap_get_stats(heap).allocated_bytes == 48_000 + 102_400)
  }

  /// A stale reference to a freed block neither keeps it nor what its old contents referred to.
  @Test func freedBlocksAreNotTraced() throws {
    let heap = try makeHeap(threshold: 1 << 40)
    defer { nix_heap_destroy(heap) }
    let count = 1000
    // Pairs A → B (A's second word points to B), with the A's addresses kept only scrambled in
    // memory the collector does not scan.
    let hidden = UnsafeMutablePointer<UInt>.allocate(capacity: count)
    defer { hidden.deallocate() }
    makePairs(heap, hidden, count: count)
    nix_heap_collect(heap)
    // Nothing reached them: they are free now (but for what stale stack words may hold).
    #expect(nix_heap_get_stats(heap).live_bytes < UInt64(count * 64 / 10))
    // Stale references to every A: neither A nor its old B may come back.
    let table = UnsafeMutablePointer<UInt>.allocate(capacity: count)
    defer { table.deallocate() }
    for i in 0..<count { table[i] = hidden[i] ^ scramble }
    #expect(nix_heap_add_root(heap, table, count) == 0)
    nix_heap_collect(heap)
    #expect(nix_heap_get_stats(heap).live_bytes < UInt64(count * 64 / 10))
  }

  let scramble: UInt = 0x5A5A_5A5A_5A5A_5A5A

  /// Blocks that were on a free list during one collection and are handed out again stay alive
  /// through the next (their marks from the first are cleared).
  @Test func reusedBlocksSurviveLaterCollections() throws {
    let heap = try makeHeap(threshold: 1 << 40)
    defer { nix_heap_destroy(heap) }
    allocateGarbage(heap, count: 10_000, size: 48)
    nix_heap_collect(heap)  // the garbage goes onto the free list
    nix_heap_collect(heap)  // and is marked free during this one
    let count = 5_000
    let table = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: count)
    defer { table.deallocate() }
    for i in 0..<count {
      let block = nix_heap_allocate_inline(heap, 48)
      block?.storeBytes(of: i + 1, toByteOffset: 16, as: Int.self)
      table[i] = block
    }
    #expect(nix_heap_add_root(heap, table, count) == 0)
    nix_heap_collect(heap)
    allocateGarbage(heap, count: 10_000, size: 48)
    for i in 0..<count {
      #expect(table[i]?.load(fromByteOffset: 16, as: Int.self) == i + 1)
    }
  }

  @inline(never)
  func makePairs(_ heap: OpaquePointer, _ hidden: UnsafeMutablePointer<UInt>, count: Int) {
    for i in 0..<count {
      let a = nix_heap_allocate(heap, 32)
      let b = nix_heap_allocate(heap, 32)
      a?.storeBytes(of: b, toByteOffset: 8, as: UnsafeMutableRawPointer?.self)
      hidden[i] = UInt(bitPattern: a) ^ scramble
    }
  }

  /// A heap used from a thread that did not make it frees nothing (it cannot scan that stack).
  @Test func anotherThreadsHeapIsNotCollected() throws {
    let heap = try makeHeap()
    defer { nix_heap_destroy(heap) }
    let before = nix_heap_get_stats(heap).collections
    var thread = pthread_t()
    let box = Unmanaged.passRetained(HeapBox(heap))
    pthread_create(&thread, nil, { raw in
      let heap = Unmanaged<HeapBox>.fromOpaque(raw!).takeRetainedValue().heap
      for _ in 0..<100_000 { _ = nix_heap_allocate(heap, 48) }
      nix_heap_collect(heap)
      return nil
    }, box.toOpaque())
    pthread_join(thread, nil)
    #expect(nix_heap_get_stats(heap).collections == before)
    #expect(nix_heap_get_stats(heap).used_bytes >= 100_000 * 48)
  }
}

final class HeapBox {
  let heap: OpaquePointer
  init(_ heap: OpaquePointer) { self.heap = heap }
}

func memsetBytes(_ p: UnsafeMutableRawPointer, _ byte: UInt8, _ count: Int) {
  p.initializeMemory(as: UInt8.self, repeating: byte, count: count)
}
