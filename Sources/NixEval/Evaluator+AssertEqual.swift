import NixLexer
import NixParser

extension Evaluator {
  /// Explains why `a == b` is false, as Nix does for a failed `assert a == b`: the first
  /// difference found, as an error.
  func explainInequality(_ a: Value, _ b: Value, at span: Span) throws(EvalError) -> EvalError {
    let a = try force(a)
    let b = try force(b)
    func differs(_ message: String) -> EvalError { EvalError(.assertion, message, at: span) }
    switch (a, b) {
    case (.int, .int), (.int, .float), (.float, .int), (.float, .float):
      return differs(
        "\(a.typeDescription) with value '\(describe(a))' is not equal to \(b.typeDescription) with value '\(describe(b))'")
    case (.bool(let x), .bool(let y)):
      return differs("boolean '\(x)' is not equal to boolean '\(y)'")
    case (.string, .string):
      return differs("string '\(describe(a))' is not equal to string '\(describe(b))'")
    case (.path(let x), .path(let y)):
      return differs("path '\(x.string)' is not equal to path '\(y.string)'")
    case (.list(let x), .list(let y)):
      if x.count != y.count {
        return differs(
          "list of size '\(x.count)' is not equal to list of size '\(y.count)', left hand side is '\(describe(a))', right hand side is '\(describe(b))'"
        )
      }
      for i in 0..<x.count where !(try equalElement(x.items[i], y.items[i], at: span)) {
        return try explainInequality(x.items[i], y.items[i], at: span).adding("while comparing list element \(i)", at: span)
      }
    case (.attrs(let x), .attrs(let y)):
      if let tx = x[names.type], let ty = y[names.type],
        case .string(let sx) = try force(tx), case .string(let sy) = try force(ty),
        sx.bytes == Array("derivation".utf8), sy.bytes == sx.bytes,
        let ox = x[names.outPath], let oy = y[names.outPath]
      {
        return try explainInequality(ox, oy, at: span).adding("while comparing a derivation by its 'outPath' attribute", at: span)
      }
      if x.keys != y.keys {
        return differs("attribute names of attribute set '\(describe(a))' differs from attribute set '\(describe(b))'")
      }
      for i in 0..<x.count where !(try equalElement(x.values[i], y.values[i], at: span)) {
        return try explainInequality(x.values[i], y.values[i], at: span)
          .adding("while comparing attribute '\(symbols[x.keys[i]])'", at: x.positions[i].isKnown ? x.positions[i] : span)
      }
    case (.lambda, .lambda), (.primop, .primop), (.lambda, .primop), (.primop, .lambda):
      return differs("distinct functions and immediate comparisons of identical functions compare as unequal")
    default:
      let kind = { (v: Value) -> String in
        if case .null = v { return "null" }
        return v.typeDescription
      }
      return differs("\(kind(a)) of value '\(describe(a))' is not equal to \(kind(b)) of value '\(describe(b))'")
    }
    return differs("values are not equal")
  }
}
