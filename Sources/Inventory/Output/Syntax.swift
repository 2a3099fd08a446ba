import NixParser

/// A float as Nix prints it.
func formatFloat(_ value: Double) -> String { NixSyntax.formatFloat(value) }

/// Whether `name` can be written as an attribute name without quotes.
func isPlainIdentifier(_ name: String) -> Bool { NixSyntax.isPlainIdentifier(Array(name.utf8)[...]) }
