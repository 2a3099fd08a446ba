/// Carries bytes back from a printing thread.
final class BytesBox: @unchecked Sendable {
  var bytes: [UInt8] = []
}

/// The name tables a printer needs, computed once and shared between printing threads:
/// each symbol's place in bytewise order and whether it prints bare.
public final class PrinterNames: @unchecked Sendable {
  let symbols: SymbolTable
  private let rank: [Int32]
  private let plain: [Bool]

  /// Computes the tables for every symbol interned so far.
  public init(symbols: SymbolTable) {
    self.symbols = symbols
    let count = symbols.count
    // Sort by the first eight bytes as a big-endian integer, bytes only where those tie.
    let keys = (0..<count).map { id -> UInt64 in
      var key: UInt64 = 0
      for (k, b) in symbols.bytes(of: Symbol(id: UInt32(id))).prefix(8).enumerated() {
        key |= UInt64(b) << (56 - 8 * UInt64(k))
      }
      return key
    }
    let order = (0..<count).map { Symbol(id: UInt32($0)) }.sorted { a, b in
      let ka = keys[Int(a.id)]
      let kb = keys[Int(b.id)]
      return ka != kb ? ka < kb : symbols.compare(a, b)
    }
    var rank = [Int32](repeating: 0, count: count)
    for (place, symbol) in order.enumerated() { rank[Int(symbol.id)] = Int32(place) }
    self.rank = rank
    self.plain = (0..<count).map { ASTPrinter.isPlainIdentifier(symbols.bytes(of: Symbol(id: UInt32($0)))) }
  }

  /// Whether `a` sorts before `b` bytewise.
  @inline(__always) func before(_ a: Symbol, _ b: Symbol) -> Bool {
    Int(a.id) < rank.count && Int(b.id) < rank.count ? rank[Int(a.id)] < rank[Int(b.id)] : symbols.compare(a, b)
  }

  /// Whether a name prints without quotes.
  @inline(__always) func isPlain(_ symbol: Symbol) -> Bool {
    Int(symbol.id) < plain.count ? plain[Int(symbol.id)] : ASTPrinter.isPlainIdentifier(symbols.bytes(of: symbol))
  }
}
