"""Exchange with other QDA tools through REFI-QDA: projects (.qdpx) and codebooks (.qdc)."""

from .qdc import export_qdc, import_qdc
from .qdpx import export_qdpx, import_qdpx

__all__ = ["export_qdc", "export_qdpx", "import_qdc", "import_qdpx"]
