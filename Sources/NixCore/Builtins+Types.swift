import NixLexer

extension CoreEvaluator {
  func registerTypes() {
    define("typeOf", 1) { ev, a, _, _, _ throws(CoreError) in ev.string(try ev.force(a).typeName) }
    define("isAttrs", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .attrs) }
    define("isBool", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .bool) }
    define("isFloat", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .float) }
    define("isInt", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .int) }
    define("isList", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .list) }
    define("isNull", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .null) }
    define("isPath", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .path) }
    define("isString", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).tag == .string) }
    define("isFunction", 1) { ev, a, _, _, _ throws(CoreError) in .bool(try ev.force(a).isFunction) }
  }
}
