#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Literals and names

extension ASTPrinter {
  /// Writes a string literal with Nix's escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\${`).
  mutating func putStringLiteral(_ bytes: ArraySlice<UInt8>) {
    bytes.withUnsafeBufferPointer { putStringLiteral($0) }
  }

  /// ``putStringLiteral(_:)`` over raw bytes: runs without escapes are copied whole.
  mutating func putStringLiteral(_ buffer: UnsafeBufferPointer<UInt8>) {
    output.append(UInt8(ascii: "\""))
    var runStart = 0
    var i = 0
    let n = buffer.count
    while i < n {
      let b = buffer[i]
      // Every byte that needs an escape is at most '\\' (0x5C); most text is above it.
      if b > UInt8(ascii: "\\") || !Self.needsEscape(b, next: i + 1 < n ? buffer[i + 1] : 0) {
        i += 1
        continue
      }
      output.append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
      switch b {
      case 0x0A: put("\\n")
      case 0x0D: put("\\r")
      case 0x09: put("\\t")
      case UInt8(ascii: "$"): put("\\$")
      default:
        output.append(UInt8(ascii: "\\"))
        output.append(b)
      }
      i += 1
      runStart = i
    }
    output.append(UnsafeBufferPointer(rebasing: buffer[runStart..<n]))
    output.append(UInt8(ascii: "\""))
  }

  /// Whether `b` (followed by `next`) is written escaped in a string literal.
  @inline(__always) static func needsEscape(_ b: UInt8, next: UInt8) -> Bool {
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09: true
    case UInt8(ascii: "$"): next == UInt8(ascii: "{")
    default: false
    }
  }

  /// Writes a name as Nix prints identifiers: bare when it is one, quoted otherwise.
  mutating func putName(_ symbol: Symbol) {
    if let bytes = names.bytes(of: symbol) {
      if names.isPlain(symbol) {
        output.append(bytes)
      } else {
        putStringLiteral(bytes)
      }
      return
    }
    let bytes = symbols.bytes(of: symbol)
    let isPlain = names.isPlain(symbol)
    if isPlain {
      output.append(contentsOf: bytes)
    } else {
      putStringLiteral(bytes)
    }
  }

  /// Whether a name can be printed bare: an identifier that is not a keyword.
  static func isPlainIdentifier<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
    guard let first = bytes.first else { return false }
    let isLetter = { (b: UInt8) in (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") }
    guard isLetter(first) || first == UInt8(ascii: "_") else { return false }
    for b in bytes.dropFirst() {
      let ok =
        isLetter(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_")
        || b == UInt8(ascii: "'") || b == UInt8(ascii: "-")
      if !ok { return false }
    }
    switch String(decoding: bytes, as: UTF8.self) {
    case "if", "then", "else", "assert", "with", "let", "in", "rec", "inherit": return false
    default: return true
    }
  }

  /// Writes an integer in decimal without going through `String`.
  mutating func putInteger(_ value: Int64) {
    if value < 0 { output.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    // At most 20 digits, written backwards into a small stack buffer.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var i = 20
      repeat {
        i -= 1
        digits[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      output.append(UnsafeBufferPointer(rebasing: digits[i...]))
    }
  }

  /// A float as C++ streams print a double: `%g` with six significant digits.
  static func formatFloat(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
      let written = withVaList([value]) { vsnprintf(buffer.baseAddress!, 64, "%g", $0) }
      let bytes = UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(max(0, min(written, 63))))
      return String(decoding: bytes, as: UTF8.self)
    }
  }
}
