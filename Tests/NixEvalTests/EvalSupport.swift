import NixEval
import NixLexer
import NixParser
import Testing

/// Evaluates `source` and prints the value as `nix-instantiate --eval --strict` does, or
/// returns the error's message prefixed with `error: `.
func evaluated(_ source: String, pure: Bool = true) -> String {
  var options = EvalOptions()
  options.pure = pure
  let ev = Evaluator(options: options)
  let file = ev.sources.add(name: "/test/input.nix", directory: "/test", bytes: Array(source.utf8))
  do throws(EvalError) {
    let v = try ev.evaluate(file: file)
    try ev.forceDeep(v, at: .unknown)
    return String(decoding: ValuePrinter.print(v, ev, style: .output), as: UTF8.self)
  } catch {
    return "error: " + error.message
  }
}
