import NixLexer

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An interned name: identifiers and attribute names compare and hash as integers.
public struct Symbol: Hashable, Sendable, Comparable {
  /// The index of the name in its ``SymbolTable``.
  public let id: UInt32

  /// Creates a symbol from its index.
  public init(id: UInt32) { self.id = id }

  /// Orders by creation, not by spelling; use ``SymbolTable/compare(_:_:)`` for spelling.
  public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.id < rhs.id }
}

/// Interns names as ``Symbol``s.
///
/// Names are byte strings (Nix allows any bytes in an attribute name). The table hashes bytes
/// a word at a time into an open-addressing index, so interning a token costs no `String`
/// allocation; the `String` of a symbol is made once, when it is first created.
public final class SymbolTable: @unchecked Sendable {
  private var storage: [UInt8] = []
  private var offsets: [UInt32] = [0]
  private var strings: [String] = []
  /// Each symbol's hash, to skip comparing bytes of names that cannot match.
  private var hashes: [UInt32] = []
  /// Each name's first eight bytes as a big-endian number (zero-padded): names that differ
  /// there are ordered by comparing two integers.
  private var prefixes: [UInt64] = []
  private var index: [Int32]
  private var mask: Int
  /// Set while two parsers intern into the table at once (see ``SetPieces``):
  /// interning and reading names then take `lock`.
  var isShared = false
  private let lock = NativeLock()

  /// Creates an empty table.
  public init() {
    index = [Int32](repeating: -1, count: 1024)
    mask = 1023
  }

  /// The number of symbols.
  public var count: Int {
    if isShared { return lock.withLock { strings.count } }
    return strings.count
  }

  /// The symbol for `bytes`, created if new.
  public func intern<C: Collection>(_ bytes: C) -> Symbol where C.Element == UInt8 {
    if let found = bytes.withContiguousStorageIfAvailable({ intern(buffer: $0) }) { return found }
    return Array(bytes).withUnsafeBufferPointer { intern(buffer: $0) }
  }

  /// The symbol for a Swift string, created if new.
  public func intern(_ name: String) -> Symbol {
    var name = name
    return name.withUTF8 { intern(buffer: $0) }
  }

  /// The symbol for the bytes in `buffer`, created if new.
  public func intern(buffer: UnsafeBufferPointer<UInt8>) -> Symbol {
    if isShared { return lock.withLock { internUnlocked(buffer) } }
    return internUnlocked(buffer)
  }

  private func internUnlocked(_ buffer: UnsafeBufferPointer<UInt8>) -> Symbol {
    let hash = NameHash.of(buffer)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while true {
      let existing = index[slot]
      if existing < 0 { break }
      if hashes[Int(existing)] == hash, equals(Int(existing), buffer) { return Symbol(id: UInt32(existing)) }
      slot = (slot + 1) & mask
    }
    let id = strings.count
    storage.append(contentsOf: buffer)
    offsets.append(UInt32(storage.count))
    strings.append(String(decoding: buffer, as: UTF8.self))
    hashes.append(hash)
    var prefix: UInt64 = 0
    for i in 0..<8 { prefix = prefix << 8 | UInt64(i < buffer.count ? buffer[i] : 0) }
    prefixes.append(prefix)
    index[slot] = Int32(id)
    if strings.count * 2 > index.count { grow() }
    return Symbol(id: UInt32(id))
  }

  /// The name's text (invalid UTF-8 shown as U+FFFD; ``bytes(of:)`` has the exact bytes).
  public subscript(symbol: Symbol) -> String {
    if isShared { return lock.withLock { strings[Int(symbol.id)] } }
    return strings[Int(symbol.id)]
  }

  /// The exact bytes of a name.
  public func bytes(of symbol: Symbol) -> ArraySlice<UInt8> {
    if isShared { return lock.withLock { storage[Int(offsets[Int(symbol.id)])..<Int(offsets[Int(symbol.id) + 1])] } }
    return storage[Int(offsets[Int(symbol.id)])..<Int(offsets[Int(symbol.id) + 1])]
  }

  /// The first eight bytes of a name as a big-endian number, zero-padded: names whose
  /// prefixes differ are in the order of their prefixes (``compare(_:_:)`` decides ties).
  @inline(__always)
  public func prefix(of symbol: Symbol) -> UInt64 { prefixes[Int(symbol.id)] }

  /// Orders two symbols bytewise by spelling, as Nix sorts attribute names.
  public func compare(_ a: Symbol, _ b: Symbol) -> Bool {
    if a == b { return false }
    let pa = prefixes[Int(a.id)]
    let pb = prefixes[Int(b.id)]
    if pa != pb { return pa < pb }
    let a0 = Int(offsets[Int(a.id)])
    let aCount = Int(offsets[Int(a.id) + 1]) - a0
    let b0 = Int(offsets[Int(b.id)])
    let bCount = Int(offsets[Int(b.id) + 1]) - b0
    return storage.withUnsafeBufferPointer { s in
      let order = memcmp(s.baseAddress! + a0, s.baseAddress! + b0, min(aCount, bCount))
      return order != 0 ? order < 0 : aCount < bCount
    }
  }

  private func equals(_ id: Int, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = Int(offsets[id])
    let stop = Int(offsets[id + 1])
    guard stop - start == buffer.count else { return false }
    guard let other = buffer.baseAddress else { return true }
    return storage.withUnsafeBufferPointer { s in
      // Names are short: compare inline rather than call memcmp.
      let mine = s.baseAddress! + start
      for i in 0..<buffer.count where mine[i] != other[i] { return false }
      return true
    }
  }

  private func grow() {
    let size = index.count * 2
    index = [Int32](repeating: -1, count: size)
    mask = size - 1
    for id in 0..<strings.count {
      var slot = Int(truncatingIfNeeded: hashes[id]) & mask
      while index[slot] >= 0 { slot = (slot + 1) & mask }
      index[slot] = Int32(id)
    }
  }
}
