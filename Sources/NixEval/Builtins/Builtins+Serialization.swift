import NixLexer
import NixParser

extension Builtins {
  static var serializationPrimOps: [PrimOp] {
    []
  }
}

extension Evaluator {
  /// The value as `builtins.toJSON` renders it.
  public func toJSON(_ value: Value, at span: Span) throws(EvalError) -> NixString {
    throw EvalError(.other, "toJSON is not implemented yet", at: span)
  }
}
