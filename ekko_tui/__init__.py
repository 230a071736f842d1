"""ekko: the privacy desk of a one-person Norwegian business."""

__version__ = "0.1.0"
