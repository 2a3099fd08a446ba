/// Reads JSON text into a ``Plain`` (for the embedded catalogue's schemas): integers that fit
/// in 64 bits stay integers, other numbers are floats. No Foundation, no positions.
struct PlainJSON {
  private let bytes: [UInt8]
  private var i = 0
  private var depth = 0

  /// The value of `text`, or `nil` when it is not JSON.
  static func parse(_ text: String) -> Plain? {
    var p = PlainJSON(bytes: Array(text.utf8))
    guard let v = p.value() else { return nil }
    p.skipSpace()
    return p.i == p.bytes.count ? v : nil
  }

  private init(bytes: [UInt8]) { self.bytes = bytes }

  private mutating func skipSpace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
  }

  private mutating func literal(_ word: String, _ v: Plain) -> Plain? {
    let w = Array(word.utf8)
    guard bytes.count - i >= w.count, Array(bytes[i..<i + w.count]) == w else { return nil }
    i += w.count
    return v
  }

  private mutating func value() -> Plain? {
    skipSpace()
    guard i < bytes.count, depth < 512 else { return nil }
    switch bytes[i] {
    case UInt8(ascii: "n"): return literal("null", .null)
    case UInt8(ascii: "t"): return literal("true", .bool(true))
    case UInt8(ascii: "f"): return literal("false", .bool(false))
    case UInt8(ascii: "\""): return string().map { .string($0) }
    case UInt8(ascii: "["):
      i += 1
      depth += 1
      defer { depth -= 1 }
      var items: [Plain] = []
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
      while true {
        guard let v = value() else { return nil }
        items.append(v)
        skipSpace()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "]") { i += 1; return .list(items) }
        return nil
      }
    case UInt8(ascii: "{"):
      i += 1
      depth += 1
      defer { depth -= 1 }
      var object = PlainObject()
      skipSpace()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
      while true {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let v = value() else { return nil }
        object[key] = v
        skipSpace()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
        return nil
      }
    default:
      return number()
    }
  }

  private mutating func number() -> Plain? {
    let start = i
    while i < bytes.count, let c = Optional(bytes[i]),
      (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
        || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
    {
      i += 1
    }
    let text = String(decoding: bytes[start..<i], as: UTF8.self)
    if let n = Int64(text) { return .int(n) }
    return Double(text).map { .float($0) }
  }

  private mutating func string() -> String? {
    i += 1
    var out: [UInt8] = []
    while i < bytes.count {
      let c = bytes[i]
      i += 1
      switch c {
      case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard i < bytes.count else { return nil }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          guard var scalar = hex4() else { return nil }
          // A surrogate pair.
          if scalar >= 0xD800, scalar < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
            i += 2
            guard let low = hex4() else { return nil }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
          out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
        default: out.append(e)
        }
      default: out.append(c)
      }
    }
    return nil
  }

  private mutating func hex4() -> UInt32? {
    guard bytes.count - i >= 4, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
    i += 4
    return v
  }
}
