import NixLexer
import NixParser

/// `derivation`: a Nix function over `derivationStrict`, as in Nix, so that its result is
/// lazy the same way. It is the argument set with, for each output, a set of the argument's
/// attributes plus `outPath`, `drvPath`, `type = "derivation"` and `outputName`; every output
/// set also holds all the others (by name and in `all`) and the arguments as `drvAttrs`. The
/// result is the first output's set. `derivationStrict` runs only when a path is needed.
enum DerivationSource {
  /// The file name Nix shows for it in traces.
  static let name = "«nix-internal»/derivation-internal.nix"

  static let text = #"""
args@{ outputs ? [ "out" ], ... }:
let
  paths = derivationStrict args;
  outputSet = output: {
    name = output;
    value = shared // {
      outPath = paths.${output};
      drvPath = paths.drvPath;
      type = "derivation";
      outputName = output;
    };
  };
  byOutput = map outputSet outputs;
  shared = args // builtins.listToAttrs byOutput // {
    all = map (entry: entry.value) byOutput;
    drvAttrs = args;
  };
in
(builtins.head byOutput).value
"""#
}

extension Evaluator {
  /// The value of `derivation` (the function above, evaluated once).
  func derivationFunction() throws(EvalError) -> Value {
    let file = sources.add(name: DerivationSource.name, directory: "/", bytes: Array(DerivationSource.text.utf8))
    return try evaluate(file: file)
  }
}
