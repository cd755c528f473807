import Testing

/// ProcessTests groups every suite that starts `samverkan` processes, so they run one at a time.
@Suite(.serialized) enum ProcessTests {}
