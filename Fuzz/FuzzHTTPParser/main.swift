// The fuzz entry point arrives with the reliability issue.
