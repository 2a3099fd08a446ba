import NixLexer
import NixParser

/// Numbers (integers in four bases, floats, `inf`, `nan`), dates and times.
extension TOMLParser {
  // MARK: - Numbers, dates and times

  /// Digits of `base` with single underscores between them; nil when malformed.
  static func digits(_ text: ArraySlice<UInt8>, base: Int) -> [UInt8]? {
    guard let first = text.first, let last = text.last, first != 0x5F, last != 0x5F else { return nil }
    var out: [UInt8] = []
    var previousUnderscore = false
    for b in text {
      if b == 0x5F {
        if previousUnderscore { return nil }
        previousUnderscore = true
        continue
      }
      previousUnderscore = false
      guard let v = hexValue(b), Int(v) < base else { return nil }
      out.append(b)
    }
    return out
  }

  mutating func parseNumber() throws(Failure) -> Node {
    let start = pos
    while let b = peek(), Self.isBareKeyByte(b) || b == 0x2B || b == 0x2E { pos += 1 }
    let text = input[start..<pos]
    guard !text.isEmpty else { throw unexpected("parse_value", expected: "unknown value") }
    let invalid = failure("toml::parse_value: invalid number or unknown value", at: start, "here")
    var body = text
    var negative = false
    if let s = body.first, s == 0x2B || s == 0x2D {
      negative = s == 0x2D
      body = body.dropFirst()
    }
    // Special floats.
    if body.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
    if body.elementsEqual("nan".utf8) { return .float(negative ? -Double.nan : .nan) }
    // Hex, octal and binary integers (unsigned, no sign). Too large a value saturates at
    // 2^63 - 1, as Nix 2.8's TOML parser gives it (lib's fromHexString relied on that for
    // hashes); a decimal that overflows is an error, as in current Nix.
    if body.count > 2, body.first == 0x30, let kind = body.dropFirst().first, kind == 0x78 || kind == 0x6F || kind == 0x62 {
      let base = kind == 0x78 ? 16 : kind == 0x6F ? 8 : 2
      guard text.count == body.count, let ds = Self.digits(body.dropFirst(2), base: base) else { throw invalid }
      var value: Int64 = 0
      for d in ds {
        let (m, o1) = value.multipliedReportingOverflow(by: Int64(base))
        let (s, o2) = m.addingReportingOverflow(Int64(Self.hexValue(d)!))
        if o1 || o2 { return .int(Int64.max) }
        value = s
      }
      return .int(value)
    }
    // Split the decimal form into integer part, fraction and exponent.
    var intEnd = body.startIndex
    while intEnd < body.endIndex, body[intEnd] != 0x2E, body[intEnd] != 0x65, body[intEnd] != 0x45 { intEnd += 1 }
    let intPart = body[body.startIndex..<intEnd]
    guard let intDigits = Self.digits(intPart, base: 10) else { throw invalid }
    if intDigits.count > 1 && intDigits[0] == 0x30 { throw failure("toml::parse_value: leading zeros are not allowed", at: start, "here") }
    if intEnd == body.endIndex {
      var magnitude: UInt64 = 0
      var overflow = false
      for d in intDigits {
        let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(UInt64(d - 0x30))
        overflow = overflow || o1 || o2
        magnitude = s
      }
      let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
      if overflow || magnitude > limit {
        throw failure("toml::parse_dec_integer: too large integer: current max digits = 2^63", at: pos, "must be < 2^63")
      }
      return .int(negative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
    }
    var rest = body[intEnd...]
    var normalized: [UInt8] = (negative ? [0x2D] : []) + intDigits
    if rest.first == 0x2E {
      rest = rest.dropFirst()
      var fracEnd = rest.startIndex
      while fracEnd < rest.endIndex, rest[fracEnd] != 0x65, rest[fracEnd] != 0x45 { fracEnd += 1 }
      guard let frac = Self.digits(rest[rest.startIndex..<fracEnd], base: 10) else { throw invalid }
      normalized.append(0x2E)
      normalized += frac
      rest = rest[fracEnd...]
    }
    if let e = rest.first {
      guard e == 0x65 || e == 0x45 else { throw invalid }
      rest = rest.dropFirst()
      normalized.append(0x65)
      if let s = rest.first, s == 0x2B || s == 0x2D {
        normalized.append(s)
        rest = rest.dropFirst()
      }
      guard let exp = Self.digits(rest, base: 10) else { throw invalid }
      normalized += exp
    }
    guard let value = Double(String(decoding: normalized, as: UTF8.self)) else { throw invalid }
    return .float(value)
  }

  /// Reads `count` digits.
  mutating func fixedDigits(_ count: Int) -> Bool {
    for _ in 0..<count {
      guard Self.isDigit(peek()) else { return false }
      pos += 1
    }
    return true
  }

  /// A local time `HH:MM:SS(.fraction)?`.
  mutating func parseTime() throws(Failure) {
    let invalid = failure("toml::parse_local_time: invalid time", at: pos, "here")
    guard fixedDigits(2), peek() == 0x3A else { throw invalid }
    pos += 1
    guard fixedDigits(2), peek() == 0x3A else { throw invalid }
    pos += 1
    guard fixedDigits(2) else { throw invalid }
    if peek() == 0x2E {
      pos += 1
      guard Self.isDigit(peek()) else { throw invalid }
      while Self.isDigit(peek()) { pos += 1 }
    }
  }

  /// A date, a time, or a date-time with an optional offset.
  mutating func parseDateTime() throws(Failure) -> Node {
    let start = pos
    if Self.isDigit(peek()) && Self.isDigit(peek(1)) && peek(2) == 0x3A {
      try parseTime()
      return .datetime
    }
    let invalid = failure("toml::parse_local_date: invalid date", at: start, "here")
    guard fixedDigits(4), peek() == 0x2D else { throw invalid }
    pos += 1
    guard fixedDigits(2), peek() == 0x2D else { throw invalid }
    pos += 1
    guard fixedDigits(2) else { throw invalid }
    // A time may follow after `T` or a space.
    if let t = peek(), t == 0x54 || t == 0x74 || (t == 0x20 && Self.isDigit(peek(1))) {
      pos += 1
      try parseTime()
      if let z = peek(), z == 0x5A || z == 0x7A {
        pos += 1
      } else if let s = peek(), s == 0x2B || s == 0x2D {
        pos += 1
        guard fixedDigits(2), peek() == 0x3A else { throw invalid }
        pos += 1
        guard fixedDigits(2) else { throw invalid }
      }
    }
    return .datetime
  }
}
