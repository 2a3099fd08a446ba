import NixLexer
import NixParser

extension Builtins {
  /// Type tests: `typeOf`, `isNull`, `isBool`, `isInt`, `isFloat`, `isString`, `isPath`,
  /// `isList`, `isAttrs`, `isFunction`.
  static var typePrimOps: [PrimOp] {
    [
      .unary("typeOf") { ev, v, _ throws(EvalError) in .string(try ev.force(v).typeName) },
      test("isNull") { if case .null = $0 { true } else { false } },
      test("isBool") { if case .bool = $0 { true } else { false } },
      test("isInt") { if case .int = $0 { true } else { false } },
      test("isFloat") { if case .float = $0 { true } else { false } },
      test("isString") { if case .string = $0 { true } else { false } },
      test("isPath") { if case .path = $0 { true } else { false } },
      test("isList") { if case .list = $0 { true } else { false } },
      test("isAttrs") { if case .attrs = $0 { true } else { false } },
      test("isFunction") { $0.isFunction },
    ]
  }

  static func test(_ name: String, _ predicate: @escaping (Value) -> Bool) -> PrimOp {
    .unary(name) { ev, v, _ throws(EvalError) in .bool(predicate(try ev.force(v))) }
  }
}
