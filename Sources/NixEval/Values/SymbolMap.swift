import NixParser

/// A map from symbols to small integers for builtins that collect attributes by name
/// (`listToAttrs`, `removeAttrs`, `groupBy`, `zipAttrsWith`): open addressing over the symbol's
/// number, which the symbol table hands out densely, so that a multiplicative hash spreads them
/// and a lookup is a few instructions (a `Dictionary` hashes every key with SipHash).
struct SymbolMap {
  /// Symbol number + 1 per bucket; 0 marks an empty bucket.
  private var keys: [UInt32]
  private var values: [Int32]
  private var mask: Int
  /// How many symbols the map holds.
  private(set) var count = 0

  /// A map with room for `capacity` symbols before it grows.
  init(capacity: Int = 8) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt32](repeating: 0, count: size)
    values = [Int32](repeating: 0, count: size)
    mask = size - 1
  }

  @inline(__always) private func bucket(_ id: UInt32) -> Int {
    Int(truncatingIfNeeded: (UInt64(id) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
  }

  /// The value stored for `symbol`, if any.
  @inline(__always) func value(of symbol: Symbol) -> Int? {
    let key = symbol.id &+ 1
    var i = bucket(symbol.id)
    while true {
      let k = keys[i]
      if k == key { return Int(values[i]) }
      if k == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  /// Whether `symbol` is in the map.
  @inline(__always) func contains(_ symbol: Symbol) -> Bool { value(of: symbol) != nil }

  /// Stores `value` for `symbol` unless it is present; whether it was added.
  @discardableResult
  mutating func insert(_ symbol: Symbol, value: Int = 0) -> Bool {
    if (count + 1) * 2 > keys.count { grow() }
    let key = symbol.id &+ 1
    var i = bucket(symbol.id)
    while true {
      let k = keys[i]
      if k == key { return false }
      if k == 0 {
        keys[i] = key
        values[i] = Int32(truncatingIfNeeded: value)
        count += 1
        return true
      }
      i = (i + 1) & mask
    }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt32](repeating: 0, count: oldKeys.count * 2)
    values = [Int32](repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    count = 0
    for j in 0..<oldKeys.count where oldKeys[j] != 0 {
      insert(Symbol(id: oldKeys[j] - 1), value: Int(oldValues[j]))
    }
  }
}
