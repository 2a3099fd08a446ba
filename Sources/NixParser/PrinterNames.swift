#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The name tables a printer needs, computed once and shared between printing threads:
/// each name's bytes, its first eight bytes as an integer for ordering, and whether it prints
/// bare.
///
/// The tables are raw memory owned by this object, so that printing a name or comparing two
/// costs neither a bounds check nor reference counting (printing threads share them).
public final class PrinterNames: @unchecked Sendable {
  let symbols: SymbolTable
  /// The number of symbols the tables cover (later ones are looked up in `symbols`).
  let count: Int
  /// Each name's first eight bytes as a big-endian integer (zero-padded): comparing keys
  /// orders names bytewise unless they share their first eight bytes.
  private let keys: UnsafeMutablePointer<UInt64>
  private let plain: UnsafeMutablePointer<Bool>
  /// The names' bytes one after another; name `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
  private let bytes: UnsafeMutablePointer<UInt8>
  private let offsets: UnsafeMutablePointer<Int>

  /// Computes the tables for every symbol interned so far.
  public init(symbols: SymbolTable) {
    self.symbols = symbols
    let count = symbols.count
    self.count = count
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: count + 1)
    var total = 0
    for id in 0..<count {
      offsets[id] = total
      total += symbols.bytes(of: Symbol(id: UInt32(id))).count
    }
    offsets[count] = total
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
    for id in 0..<count {
      let name = symbols.bytes(of: Symbol(id: UInt32(id)))
      name.withUnsafeBufferPointer { source in
        if let base = source.baseAddress { (bytes + offsets[id]).update(from: base, count: source.count) }
      }
    }
    self.offsets = offsets
    self.bytes = bytes
    keys = .allocate(capacity: max(count, 1))
    plain = .allocate(capacity: max(count, 1))
    for id in 0..<count {
      let name = UnsafeBufferPointer(start: bytes + offsets[id], count: offsets[id + 1] - offsets[id])
      var key: UInt64 = 0
      for k in 0..<min(8, name.count) { key |= UInt64(name[k]) << (56 - 8 * UInt64(k)) }
      keys[id] = key
      plain[id] = ASTPrinter.isPlainIdentifier(name)
    }
  }

  deinit {
    keys.deallocate()
    plain.deallocate()
    bytes.deallocate()
    offsets.deallocate()
  }

  /// Whether `a` sorts before `b` bytewise.
  @inline(__always) func before(_ a: Symbol, _ b: Symbol) -> Bool {
    let i = Int(a.id)
    let j = Int(b.id)
    guard i < count, j < count else { return symbols.compare(a, b) }
    let ki = keys[i]
    let kj = keys[j]
    if ki != kj { return ki < kj }
    return tieBefore(i, j)
  }

  /// ``before(_:_:)`` for names whose first eight bytes are equal.
  @inline(never) private func tieBefore(_ i: Int, _ j: Int) -> Bool {
    let iCount = offsets[i + 1] - offsets[i]
    let jCount = offsets[j + 1] - offsets[j]
    let common = min(iCount, jCount)
    if common > 8 {
      let order = memcmp(bytes + offsets[i] + 8, bytes + offsets[j] + 8, common - 8)
      if order != 0 { return order < 0 }
    }
    return iCount < jCount
  }

  /// Whether a name prints without quotes.
  @inline(__always) func isPlain(_ symbol: Symbol) -> Bool {
    Int(symbol.id) < count ? plain[Int(symbol.id)] : ASTPrinter.isPlainIdentifier(symbols.bytes(of: symbol))
  }

  /// The bytes of a name the tables cover (`nil` for a later one).
  @inline(__always) func bytes(of symbol: Symbol) -> UnsafeBufferPointer<UInt8>? {
    let id = Int(symbol.id)
    guard id < count else { return nil }
    return UnsafeBufferPointer(start: bytes + offsets[id], count: offsets[id + 1] - offsets[id])
  }
}
