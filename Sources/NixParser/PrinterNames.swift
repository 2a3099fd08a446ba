/// Carries a printing thread's buffer back (the receiver deallocates it).
final class BytesBox: @unchecked Sendable {
  var buffer = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
}

/// The name tables a printer needs, computed once and shared between printing threads:
/// each symbol's place in bytewise order, whether it prints bare, and its bytes.
///
/// The tables are raw memory owned by this object, so that printing a name or comparing two
/// costs neither a bounds check nor reference counting (printing threads share them).
public final class PrinterNames: @unchecked Sendable {
  let symbols: SymbolTable
  /// The number of symbols the tables cover (later ones are looked up in `symbols`).
  let count: Int
  private let rank: UnsafeMutablePointer<Int32>
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
    // Sort by the first eight bytes as a big-endian integer, bytes only where those tie.
    let keys = (0..<count).map { id -> UInt64 in
      var key: UInt64 = 0
      for k in 0..<min(8, offsets[id + 1] - offsets[id]) {
        key |= UInt64(bytes[offsets[id] + k]) << (56 - 8 * UInt64(k))
      }
      return key
    }
    let order = (0..<count).map { Symbol(id: UInt32($0)) }.sorted { a, b in
      let ka = keys[Int(a.id)]
      let kb = keys[Int(b.id)]
      return ka != kb ? ka < kb : symbols.compare(a, b)
    }
    rank = .allocate(capacity: max(count, 1))
    for (place, symbol) in order.enumerated() { rank[Int(symbol.id)] = Int32(place) }
    plain = .allocate(capacity: max(count, 1))
    for id in 0..<count {
      let name = UnsafeBufferPointer(start: bytes + offsets[id], count: offsets[id + 1] - offsets[id])
      plain[id] = ASTPrinter.isPlainIdentifier(name)
    }
  }

  deinit {
    rank.deallocate()
    plain.deallocate()
    bytes.deallocate()
    offsets.deallocate()
  }

  /// Whether `a` sorts before `b` bytewise.
  @inline(__always) func before(_ a: Symbol, _ b: Symbol) -> Bool {
    Int(a.id) < count && Int(b.id) < count ? rank[Int(a.id)] < rank[Int(b.id)] : symbols.compare(a, b)
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
