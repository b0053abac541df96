"""Three-way calls in the window: merge, split and add-a-participant, with their shortcuts."""
