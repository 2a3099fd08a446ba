import NixCore
import NixLexer

/// `nixinv eval --core next`: the value through the experimental next core (NixCore), printed
/// as `nix-instantiate --eval --strict` does. Only plain evaluation: `-A`, `--arg`, `--json`
/// and `--raw` are the current core's.
enum NextCoreEval {
  static func run(_ s: EvalCommand.Settings, _ loaded: SourceFile) throws(CommandError) -> Int32 {
    if s.attrPath != nil || !s.args.isEmpty || s.raw || !s.strict {
      throw .usage("--core next evaluates and prints only (no -A, --arg, --raw or --lazy)")
    }
    let evaluator = CoreEvaluator()
    let file = evaluator.sources.add(name: loaded.name, directory: loaded.directory, bytes: loaded.bytes)
    defer {
      if s.heapStatistics {
        let h = evaluator.heap.statistics
        Terminal.err("heap: \(h.collections) collections, \(h.allocatedBytes >> 20) MiB allocated, \(h.usedBytes >> 20) MiB in use\n")
      }
    }
    do throws(CoreError) {
      let out = s.json ? try evaluator.evaluateToJSON(file: file) : try evaluator.evaluateAndPrint(file: file)
      Terminal.out(out + [0x0A])
      return 0
    } catch {
      Terminal.err(error.rendered(evaluator.sources))
      return 1
    }
  }
}
