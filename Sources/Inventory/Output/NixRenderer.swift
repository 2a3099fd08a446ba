import NixParser

/// Writes a ``Plain`` value as a Nix expression, one attribute or element per line.
public enum NixRenderer {
  /// The Nix text of `value`, with a final newline.
  public static func render(_ value: Plain) -> String {
    var out = ""
    write(value, indent: 0, into: &out)
    return out + "\n"
  }

  static func write(_ value: Plain, indent: Int, into out: inout String) {
    let pad = String(repeating: " ", count: indent + 2)
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .float(let f): out += formatFloat(f)
    case .string(let s): out += quote(s)
    case .list(let items):
      guard !items.isEmpty else {
        out += "[ ]"
        return
      }
      out += "[\n"
      for item in items {
        out += pad
        write(item, indent: indent + 2, into: &out)
        out += "\n"
      }
      out += String(repeating: " ", count: indent) + "]"
    case .object(let o):
      guard !o.isEmpty else {
        out += "{ }"
        return
      }
      out += "{\n"
      for (k, v) in o.entries {
        out += pad + (isPlainIdentifier(k) ? k : quote(k)) + " = "
        write(v, indent: indent + 2, into: &out)
        out += ";\n"
      }
      out += String(repeating: " ", count: indent) + "}"
    }
  }

  static func quote(_ s: String) -> String {
    var r = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\r": r += "\\r"
      case "\t": r += "\\t"
      case "$": r += "\\$"
      default: r.unicodeScalars.append(c)
      }
    }
    return r + "\""
  }
}
