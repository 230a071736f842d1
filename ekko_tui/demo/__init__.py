"""Demo data: the throwaway database `ekko --demo` opens (requests and subjects)."""
