#if canImport(Glibc)
  import Glibc
#endif

// The records of the next core, laid out by hand in heap blocks (every field a word, values
// two words). Each view is a pointer wrapped in a struct, so that reading a record costs no
// reference counting.

/// `[length][context][bytes…]`: a string (or a path's text). `length` holds the byte count in its
/// low 32 bits and, once known, the symbol of the bytes + 1 in its high 32 bits (so that a string
/// used as an attribute name is interned once). `context` is 0 for none, else an index + 1 into
/// the evaluator's table of string contexts.
public struct StringRecord {
  public let base: UnsafeMutableRawPointer
  @inline(__always) public init(_ base: UnsafeMutableRawPointer) { self.base = base }
  @inline(__always) public init(_ value: Value) { base = value.record }
  @inline(__always) public var count: Int { base.load(as: Int.self) & 0xFFFF_FFFF }
  @inline(__always) public var context: Int { base.load(fromByteOffset: 8, as: Int.self) }
  /// The symbol of the bytes + 1, or 0 when not interned yet.
  @inline(__always) var symbolPlusOne: UInt32 { base.load(fromByteOffset: 4, as: UInt32.self) }
  @inline(__always) func setSymbol(_ symbol: UInt32) { base.storeBytes(of: symbol + 1, toByteOffset: 4, as: UInt32.self) }
  @inline(__always) public var bytes: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: (base + 16).assumingMemoryBound(to: UInt8.self), count: count)
  }
  @inline(__always) var mutableBytes: UnsafeMutablePointer<UInt8> { (base + 16).assumingMemoryBound(to: UInt8.self) }
  /// The bytes as a Swift string (invalid UTF-8 repaired).
  public var text: String { String(decoding: bytes, as: UTF8.self) }
  /// The record size for `count` bytes.
  @inline(__always) static func size(_ count: Int) -> Int { 16 + count }

  /// A permanent record (outside the heap, never freed) for a literal: it holds no references.
  static func permanent(_ bytes: some Collection<UInt8>) -> StringRecord {
    let p = UnsafeMutableRawPointer.allocate(byteCount: 16 + bytes.count, alignment: 16)
    p.storeBytes(of: bytes.count, as: Int.self)
    p.storeBytes(of: 0, toByteOffset: 8, as: Int.self)
    var i = 16
    for b in bytes {
      p.storeBytes(of: b, toByteOffset: i, as: UInt8.self)
      i += 1
    }
    return StringRecord(p)
  }
}

/// `[count][values…]`: a list.
public struct ListRecord {
  public let base: UnsafeMutableRawPointer
  @inline(__always) public init(_ base: UnsafeMutableRawPointer) { self.base = base }
  @inline(__always) public init(_ value: Value) { base = value.record }
  @inline(__always) public var count: Int { base.load(as: Int.self) }
  @inline(__always) var items: UnsafeMutablePointer<Value> { (base + 16).assumingMemoryBound(to: Value.self) }
  @inline(__always) public subscript(i: Int) -> Value {
    get { items[i] }
    nonmutating set { items[i] = newValue }
  }
  /// Shrinks the list to `n` items (a list filled to fewer than its capacity).
  @inline(__always) func setCount(_ n: Int) { base.storeBytes(of: n, as: Int.self) }
  @inline(__always) static func size(_ count: Int) -> Int { 16 + 16 * count }
}

/// `[count][unused][entries…]`, each entry `[symbol: UInt32][position: Int32][value]` (24 bytes),
/// sorted by symbol number. `position` indexes the evaluator's position table, -1 for none.
public struct AttrsRecord {
  public let base: UnsafeMutableRawPointer
  @inline(__always) public init(_ base: UnsafeMutableRawPointer) { self.base = base }
  @inline(__always) public init(_ value: Value) { base = value.record }
  @inline(__always) public var count: Int { base.load(as: Int.self) }
  @inline(__always) func setCount(_ n: Int) { base.storeBytes(of: n, as: Int.self) }
  @inline(__always) func entry(_ i: Int) -> UnsafeMutableRawPointer { base + 16 + 24 * i }
  @inline(__always) public func symbol(_ i: Int) -> UInt32 { entry(i).load(as: UInt32.self) }
  @inline(__always) public func position(_ i: Int) -> Int32 { entry(i).load(fromByteOffset: 4, as: Int32.self) }
  @inline(__always) public func value(_ i: Int) -> Value { (entry(i) + 8).load(as: Value.self) }
  @inline(__always) func valuePointer(_ i: Int) -> UnsafeMutablePointer<Value> {
    (entry(i) + 8).assumingMemoryBound(to: Value.self)
  }
  @inline(__always) func set(_ i: Int, symbol: UInt32, position: Int32, value: Value) {
    let e = entry(i)
    e.storeBytes(of: symbol, as: UInt32.self)
    e.storeBytes(of: position, toByteOffset: 4, as: Int32.self)
    (e + 8).storeBytes(of: value, as: Value.self)
  }
  @inline(__always) static func size(_ count: Int) -> Int { 16 + 24 * count }

  /// The index of `symbol`, if the set has it.
  @inline(__always) public func find(_ symbol: UInt32) -> Int? {
    let n = count
    if n <= 8 {
      var i = 0
      while i < n {
        let s = self.symbol(i)
        if s == symbol { return i }
        if s > symbol { return nil }
        i += 1
      }
      return nil
    }
    var lo = 0, hi = n
    while lo < hi {
      let mid = (lo + hi) >> 1
      let s = self.symbol(mid)
      if s == symbol { return mid }
      if s < symbol { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }
}

/// `[parent][header][slots…]`: a scope. `header` is the slot count shifted left once, with the
/// low bit set for a `with` scope (whose one slot is the scope's set, unevaluated).
public struct EnvRecord {
  public let base: UnsafeMutableRawPointer
  @inline(__always) init(_ base: UnsafeMutableRawPointer) { self.base = base }
  @inline(__always) var parent: UnsafeMutableRawPointer? { base.load(as: UnsafeMutableRawPointer?.self) }
  @inline(__always) var isWith: Bool { base.load(fromByteOffset: 8, as: Int.self) & 1 != 0 }
  @inline(__always) var count: Int { base.load(fromByteOffset: 8, as: Int.self) >> 1 }
  @inline(__always) var slots: UnsafeMutablePointer<Value> { (base + 16).assumingMemoryBound(to: Value.self) }
  @inline(__always) static func size(_ count: Int) -> Int { 16 + 16 * count }
}

/// `[head][word][value]` (32 bytes): a value not computed yet. The head's low byte is the
/// state, its second byte the state it was made in (put back when a computation fails, so that
/// forcing it again fails the same way), the rest depends on that:
/// - pending (0): head bits 16… the node, `word` the scope;
/// - application (3): head bits 16–23 the function's tag, `word` its payload, the argument at 16;
/// - attribute (4): head bits 16–23 the source's tag, 32… the position, `word` the source's
///   payload, the symbol at 16 (`inherit (source) name;`);
/// - running (1): being computed (forcing it again is infinite recursion);
/// - done (2): the value at 16 (`word` cleared, so that the scope can be freed).
struct ThunkRecord {
  static let size = 32
  static let pending: Int = 0, running: Int = 1, done: Int = 2, application: Int = 3, attribute: Int = 4
  @inline(__always) static func state(_ p: UnsafeMutableRawPointer) -> Int { Int(p.load(as: UInt8.self)) }
  @inline(__always) static func value(_ p: UnsafeMutableRawPointer) -> Value { (p + 16).load(as: Value.self) }
}

/// `[lambda][scope]`: a closure. `lambda` indexes the evaluator's lambda table.
struct ClosureRecord {
  static let size = 16
}

/// `[primop][count][arguments…]`: a builtin applied to `count` arguments, fewer than it takes.
struct PartialRecord {
  @inline(__always) static func size(_ count: Int) -> Int { 16 + 16 * count }
}
