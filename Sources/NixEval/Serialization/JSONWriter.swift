import NixLexer
import NixParser

/// Writes JSON text as Nix's `builtins.toJSON` does (through nlohmann::json's `dump()`):
/// no whitespace, strings escaped with `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` and `\u00xx`
/// for other control characters, non-ASCII UTF-8 kept as it is, floats in their shortest
/// round-trip form.
struct JSONWriter {
  /// The text written so far.
  var bytes: [UInt8] = []
  /// The first string that was not valid UTF-8, as nlohmann's message describes it. Nix builds
  /// the whole JSON document (evaluating everything in it) before `dump()` meets a bad string,
  /// so the writer records the problem and goes on; the caller reports it at the end.
  var utf8Error: String? = nil
  /// The contexts of the strings written (a JSON text refers to what they refer to).
  var context: StringContext = .empty

  init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ byte: UInt8) { bytes.append(byte) }

  /// An integer in decimal.
  mutating func writeInt(_ value: Int64) {
    bytes.append(contentsOf: String(value).utf8)
  }

  /// A float as nlohmann writes it: `null` for NaN and infinities, otherwise the shortest
  /// digits that read back to the same double, in fixed notation for decimal exponents from
  /// -4 to 15 (with `.0` added to whole numbers) and as `1.5e+20` beyond.
  mutating func writeFloat(_ value: Double) {
    bytes.append(contentsOf: JSONWriter.formatFloat(value).utf8)
  }

  /// The text of a float in nlohmann's `dump()` form.
  static func formatFloat(_ value: Double) -> String {
    if !value.isFinite { return "null" }
    if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
    let (digits, exponent) = shortestDigits(value.magnitude)
    var out = value.sign == .minus ? "-" : ""
    let k = digits.count
    // The decimal point sits after `n` digits: value = 0.DIGITS × 10^n.
    let n = k + exponent
    let minExp = -4
    let maxExp = 15
    if k <= n && n <= maxExp {
      out += digits + String(repeating: "0", count: n - k) + ".0"
    } else if 0 < n && n <= maxExp {
      out += String(digits.prefix(n)) + "." + String(digits.dropFirst(n))
    } else if minExp < n && n <= 0 {
      out += "0." + String(repeating: "0", count: -n) + digits
    } else {
      out += k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst(1))
      let e = n - 1
      out += e < 0 ? "e-" : "e+"
      let magnitude = e < 0 ? -e : e
      out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
    }
    return out
  }

  /// The shortest decimal digits (no leading or trailing zeros) that identify a positive
  /// finite double, and the power of ten of the last digit: `value == DIGITS × 10^exponent`.
  /// Swift's own description already holds the shortest round-trip digits; this takes them
  /// out of it.
  static func shortestDigits(_ value: Double) -> (digits: String, exponent: Int) {
    let text = value.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits = ""
    if let dot = mantissa.firstIndex(of: ".") {
      let fraction = mantissa[mantissa.index(after: dot)...]
      digits = String(mantissa[..<dot]) + fraction
      exponent -= fraction.count
    } else {
      digits = String(mantissa)
    }
    // Drop leading zeros ("0.0001") and trailing zeros ("100.0").
    while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
    while digits.count > 1 && digits.hasSuffix("0") {
      digits.removeLast()
      exponent += 1
    }
    return (digits, exponent)
  }

  private static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)

  /// A JSON string literal for `string`'s bytes. Invalid UTF-8 is copied through and recorded
  /// in ``utf8Error`` (the first one only), worded as nlohmann's type error 316.
  mutating func writeString(_ string: [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    let hex = JSONWriter.lowerHex
    var i = 0
    let n = string.count
    while i < n {
      // Copy a run of bytes that need no escaping at once.
      var j = i
      while j < n, string[j] >= 0x20, string[j] < 0x80, string[j] != 0x22, string[j] != 0x5C { j += 1 }
      if j > i {
        bytes.append(contentsOf: string[i..<j])
        i = j
        continue
      }
      let b = string[i]
      if b < 0x80 {
        switch b {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x08: append("\\b")
        case 0x09: append("\\t")
        case 0x0A: append("\\n")
        case 0x0C: append("\\f")
        case 0x0D: append("\\r")
        default:
          if b < 0x20 {
            append("\\u00")
            bytes.append(hex[Int(b >> 4)])
            bytes.append(hex[Int(b & 0xF)])
          } else {
            bytes.append(b)
          }
        }
        i += 1
        continue
      }
      // A multi-byte sequence: check it as nlohmann's UTF-8 decoder does.
      switch UTF8Check.sequence(string, at: i) {
      case .valid(let length):
        bytes.append(contentsOf: string[i..<(i + length)])
        i += length
      case .invalid(let index):
        if utf8Error == nil {
          if index >= n {
            utf8Error = "[json.exception.type_error.316] incomplete UTF-8 string; last byte: 0x\(UTF8Check.hex(string[n - 1]))"
          } else {
            utf8Error = "[json.exception.type_error.316] invalid UTF-8 byte at index \(index): 0x\(UTF8Check.hex(string[index]))"
          }
        }
        bytes.append(contentsOf: string[i..<min(index + 1, n)])
        i = index + 1
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}

/// UTF-8 well-formedness as the Unicode standard's table 3-7 (and the DFA nlohmann uses)
/// defines it.
enum UTF8Check {
  enum Result {
    /// A well-formed sequence of this many bytes.
    case valid(Int)
    /// The sequence breaks at this byte index (the string's length when it ends too early).
    case invalid(Int)
  }

  /// The sequence starting at the non-ASCII byte `bytes[i]`.
  static func sequence(_ bytes: [UInt8], at i: Int) -> Result {
    let b = bytes[i]
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch b {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED:
      length = 3
      high = 0x9F
    case 0xF0:
      length = 4
      low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4:
      length = 4
      high = 0x8F
    default: return .invalid(i)
    }
    for j in 1..<length {
      guard i + j < bytes.count else { return .invalid(bytes.count) }
      let c = bytes[i + j]
      let (lo, hi) = j == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
      if c < lo || c > hi { return .invalid(i + j) }
    }
    return .valid(length)
  }

  /// Whether all of `bytes` is well-formed UTF-8.
  static func isValid(_ bytes: [UInt8]) -> Bool {
    var i = 0
    while i < bytes.count {
      if bytes[i] < 0x80 {
        i += 1
        continue
      }
      guard case .valid(let length) = sequence(bytes, at: i) else { return false }
      i += length
    }
    return true
  }

  /// Two upper-case hex digits.
  static func hex(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
  }
}

extension Evaluator {
  /// Writes `value` as JSON, forcing it as it goes, as Nix's `printValueAsJSON`: sets with
  /// `__toString` as the string it gives, sets with `outPath` as that attribute's value, other
  /// sets as objects with names in byte order, paths as the store paths of their copies. `span` is where errors inside are reported: the attribute that
  /// holds the value, or the call.
  func writeJSON(_ value: Value, at span: Span, _ out: inout JSONWriter) throws(EvalError) {
    let v = try force(value)
    deepDepth += 1
    defer { deepDepth -= 1 }
    if deepDepth > options.maxCallDepth || (deepDepth & 15 == 0 && stack.exhausted()) {
      throw EvalError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span)
    }
    switch v {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .int(let i): out.writeInt(i)
    case .float(let f): out.writeFloat(f)
    case .string(let s):
      if s.hasContext { out.context.formUnion(s.context) }
      out.writeString(s.bytes)
    case .path(let p):
      let copy = try copyPathToStore(p.string, at: span)
      out.context.formUnion(copy.context)
      out.writeString(copy.bytes)
    case .list(let l):
      out.append(UInt8(ascii: "["))
      for (i, item) in l.items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        do throws(EvalError) {
          try writeJSON(item, at: span, &out)
        } catch {
          throw error.adding("while evaluating list element at index \(i)", at: span)
        }
      }
      out.append(UInt8(ascii: "]"))
    case .attrs(let a):
      if let i = a.index(of: names.toStringName) {
        let position = a.positions[i].isKnown ? a.positions[i] : span
        let result = try toStringResult(a.values[i], of: v, at: position)
        if result.hasContext { out.context.formUnion(result.context) }
        out.writeString(result.bytes)
        return
      }
      if let i = a.index(of: names.outPath) {
        let position = a.positions[i].isKnown ? a.positions[i] : span
        do throws(EvalError) {
          try writeJSON(a.values[i], at: position, &out)
        } catch {
          throw error.adding("while using the `outPath` attribute", at: position)
        }
        return
      }
      out.append(UInt8(ascii: "{"))
      let order = a.keys.indices.sorted { symbols.compare(a.keys[$0], a.keys[$1]) }
      for (n, i) in order.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        out.writeString(Array(symbols.bytes(of: a.keys[i])))
        out.append(UInt8(ascii: ":"))
        let position = a.positions[i].isKnown ? a.positions[i] : span
        do throws(EvalError) {
          try writeJSON(a.values[i], at: position, &out)
        } catch {
          throw error.adding("while evaluating attribute '\(symbols[a.keys[i]])'", at: position)
        }
      }
      out.append(UInt8(ascii: "}"))
    case .lambda, .primop:
      throw EvalError(.type, "cannot convert a function to JSON", at: span)
    case .thunk:
      throw EvalError(.type, "cannot convert a thunk to JSON", at: span)
    }
  }

  /// The string a set's `__toString` gives, for `toJSON`: the result must be a string (or
  /// something that coerces to one without conversions: a path, a set with `__toString` or
  /// `outPath`).
  private func toStringResult(_ function: Value, of set: Value, at span: Span) throws(EvalError) -> NixString {
    let context = "while using the result of the `__toString` attribute"
    let result = try force(try call(function, set, at: span))
    switch result {
    case .string(let s): return s
    case .path: return try coerceToString(result, at: span, coerceMore: false, copyToStore: false, context)
    case .attrs(let a):
      if a[names.toStringName] != nil || a[names.outPath] != nil {
        return try coerceToString(result, at: span, coerceMore: false, copyToStore: false, context)
      }
      throw EvalError(.type, "`__toString` must return a string, but got a set: \(describe(result))", at: span)
        .adding(context, at: span)
    default:
      throw EvalError(
        .type, "`__toString` should return a string, but got \(result.typeDescription): \(describe(result))", at: span
      ).adding(context, at: span)
    }
  }
}
