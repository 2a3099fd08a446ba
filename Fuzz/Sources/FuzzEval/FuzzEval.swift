import NixEval
import NixLexer
import NixParser

/// libFuzzer entry: evaluates the input as a Nix file (pure, no readable paths, a step budget
/// and a deadline), forces it deeply, prints it and renders it as JSON. Evaluation errors are
/// expected; crashes and sanitizer reports are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEval(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = NativeThread.start(stackSize: 512 << 20) {
    var options = EvalOptions()
    options.pure = true
    options.allowedPaths = []
    options.maxSteps = 20_000
    options.deadline = Clock.now() + 2
    let evaluator = Evaluator(options: options)
    let file = evaluator.sources.add(name: "/nonexistent/fuzz.nix", directory: "/nonexistent", bytes: bytes)
    do throws(EvalError) {
      let value = try evaluator.evaluate(file: file)
      try evaluator.forceDeep(value, at: .unknown)
      _ = ValuePrinter.print(value, evaluator, style: .output)
      _ = try evaluator.toJSON(value, at: .unknown)
    } catch {
      _ = EvalErrorRenderer(sources: evaluator.sources).render(error)
    }
  }?.join()
  return 0
}
