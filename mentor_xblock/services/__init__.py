"""Programme operations: one function per operation, each with its role check and transaction."""
