import NixParser

/// Writes a ``Plain`` value as JSON: keys sorted bytewise, 2-space indentation, empty
/// containers as `{}` and `[]`, strings escaped as `builtins.toJSON` escapes them.
public enum JSONRenderer {
  /// The JSON text of `value`, with a final newline.
  public static func render(_ value: Plain) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    write(value, indent: 0, into: &out)
    out.append(0x0A)
    return String(decoding: out, as: UTF8.self)
  }

  private static func newline(_ indent: Int, _ out: inout [UInt8]) {
    out.append(0x0A)
    out.append(contentsOf: repeatElement(0x20, count: indent))
  }

  static func write(_ value: Plain, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .null: out += Array("null".utf8)
    case .bool(let b): out += Array((b ? "true" : "false").utf8)
    case .int(let i): out += Array(String(i).utf8)
    case .float(let f): out += Array((f.isFinite ? formatFloat(f) : "null").utf8)
    case .string(let s): writeString(s, into: &out)
    case .list(let items):
      guard !items.isEmpty else {
        out += Array("[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 2, &out)
        write(item, indent: indent + 2, into: &out)
      }
      newline(indent, &out)
      out.append(UInt8(ascii: "]"))
    case .object(let o):
      guard !o.isEmpty else {
        out += Array("{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      var first = true
      for (k, v) in o.entries {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        newline(indent + 2, &out)
        writeString(k, into: &out)
        out += Array(": ".utf8)
        write(v, indent: indent + 2, into: &out)
      }
      newline(indent, &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(contentsOf: s.utf8)
      out.append(UInt8(ascii: "\""))
      return
    }
    for b in s.utf8 {
      switch b {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x0A: out += [0x5C, UInt8(ascii: "n")]
      case 0x0D: out += [0x5C, UInt8(ascii: "r")]
      case 0x09: out += [0x5C, UInt8(ascii: "t")]
      case 0x08: out += [0x5C, UInt8(ascii: "b")]
      case 0x0C: out += [0x5C, UInt8(ascii: "f")]
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
