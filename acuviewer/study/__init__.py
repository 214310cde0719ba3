"""Study mode: spaced-repetition cards about the points, Qt-free."""
