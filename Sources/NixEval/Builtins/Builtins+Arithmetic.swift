import NixLexer
import NixParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Builtins {
  /// Numbers: `add`, `sub`, `mul`, `div` (64-bit, overflow an error), `lessThan`, the bit
  /// operations, `ceil` and `floor`.
  static var arithmeticPrimOps: [PrimOp] {
    let ops: [PrimOp] = [
      arithmetic("add", "adding", "+", &+, { $0.addingReportingOverflow($1) }, +),
      arithmetic("sub", "subtracting", "-", &-, { $0.subtractingReportingOverflow($1) }, -),
      arithmetic("mul", "multiplying", "*", &*, { $0.multipliedReportingOverflow(by: $1) }, *),
      PrimOp(strictBinary: "div") { ev, a, b, span throws(EvalError) in
        // As Nix: the divisor is checked first (a number, not zero), then the kind of division.
        let x = try ev.force(a)
        let y = try ev.force(b)
        let divisor = try ev.forceFloat(y, at: span, "while evaluating the second operand of the division")
        if divisor == 0 { throw EvalError(.other, "division by zero", at: span) }
        if case .int(let j) = y, case .int(let i) = x {
          let (r, o) = i.dividedReportingOverflow(by: j)
          if o { throw EvalError(.other, "integer overflow in dividing \(i) / \(j)", at: span) }
          return .int(r)
        }
        switch (x, y) {
        case (.float(let f), _): return .float(f / divisor)
        case (.int(let i), .float): return .float(Double(i) / divisor)
        default:
          _ = try ev.forceInt(x, at: span, "while evaluating the first operand of the division")
          return .null
        }
      },
      PrimOp(strictBinary: "lessThan") { ev, a, b, span throws(EvalError) in
        .bool(try ev.lessThan(a, b, at: span))
      },
      bitwise("bitAnd", &), bitwise("bitOr", |), bitwise("bitXor", ^),
      // (rounding below)
      .unary("ceil") { ev, v, span throws(EvalError) in
        try rounded(ev, v, span, "ceil", Glibc.ceil)
      },
      .unary("floor") { ev, v, span throws(EvalError) in
        try rounded(ev, v, span, "floor", Glibc.floor)
      },
    ]
    for op in ops {
      switch op.name {
      case "add": op.fastPath = .add
      case "sub": op.fastPath = .sub
      case "mul": op.fastPath = .mul
      case "lessThan": op.fastPath = .lessThan
      default: break
      }
    }
    return ops
  }

  static func rounded(
    _ ev: Evaluator, _ v: Value, _ span: Span, _ name: String, _ f: (Double) -> Double
  ) throws(EvalError) -> Value {
    let x = try ev.force(v)
    if case .int = x { return x }
    let d = try ev.forceFloat(x, at: span, "while evaluating the first argument passed to builtins.\(name)")
    let r = f(d)
    guard r.isFinite, r >= -9.223372036854775808e18, r < 9.223372036854775808e18 else {
      throw EvalError(.other, "value \(NixSyntax.formatFloat(d)) cannot be represented as an integer", at: span)
    }
    return .int(Int64(r))
  }

  static func arithmetic(
    _ name: String, _ verb: String, _ symbol: String, _: (Int64, Int64) -> Int64,
    _ intOp: @escaping (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
    _ floatOp: @escaping (Double, Double) -> Double
  ) -> PrimOp {
    PrimOp(strictBinary: name) { ev, a, b, span throws(EvalError) in
      let x = try ev.force(a)
      let y = try ev.force(b)
      if case .int(let i) = x, case .int(let j) = y {
        let (r, o) = intOp(i, j)
        if o { throw EvalError(.other, "integer overflow in \(verb) \(i) \(symbol) \(j)", at: span) }
        return .int(r)
      }
      return .float(floatOp(try number(ev, x, y, span, name, first: true), try number(ev, y, x, span, name, first: false)))
    }
  }

  /// One operand of mixed arithmetic: with a float on either side both are floats; otherwise
  /// both must be integers (so `1 + "a"` is "expected an integer", as in Nix).
  static func number(
    _ ev: Evaluator, _ v: Value, _ other: Value, _ span: Span, _ name: String, first: Bool
  ) throws(EvalError) -> Double {
    let context = "while evaluating the \(first ? "first" : "second") argument of the \(name) operation"
    switch (v, other) {
    case (.float(let f), _): return f
    case (.int(let i), .float): return Double(i)
    case (_, .float): throw ev.typeError("a float", v, at: span, context)
    default:
      let i = try ev.forceInt(v, at: span, context)
      _ = try ev.forceInt(other, at: span, context)
      return Double(i)
    }
  }

  static func bitwise(_ name: String, _ op: @escaping (Int64, Int64) -> Int64) -> PrimOp {
    .binary(name) { ev, a, b, span throws(EvalError) in
      let x = try ev.forceInt(a, at: span, "while evaluating the first argument passed to builtins.\(name)")
      let y = try ev.forceInt(b, at: span, "while evaluating the second argument passed to builtins.\(name)")
      return .int(op(x, y))
    }
  }
}
