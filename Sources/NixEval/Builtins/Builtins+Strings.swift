import NixLexer
import NixParser

extension Builtins {
  static var stringPrimOps: [PrimOp] {
    []
  }
}
