"""Item calibration versions: which item parameters are in force, and making a new version.

``versions`` reads what is stored (the version in force, its parameters) without loading the
estimator; ``calibrate`` fits the stored responses with ``quiz.irt`` and adds a version
(``flask irt calibrate``). See docs/irt.md.
"""

from __future__ import annotations

from quiz.calibrations.versions import ItemParameters, parameters, version_in_force

__all__ = ["ItemParameters", "parameters", "version_in_force"]
