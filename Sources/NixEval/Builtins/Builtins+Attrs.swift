import NixLexer
import NixParser

extension Builtins {
  static var attrPrimOps: [PrimOp] {
    []
  }
}
