"""Storage: the .airmf file, content loading, JSON/CSV interchange. No Qt."""
