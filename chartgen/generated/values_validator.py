"""Whether values pass the values JSON Schema, without jsonschema (chartgen/codegen/validator.py).

GENERATED from schemas/imagebuilder.values.schema.json by `python -m chartgen.codegen`.
Do not edit by hand: change the source and regenerate (tests/test_generated.py fails
while this file is stale).
"""

from __future__ import annotations

import re
from typing import Any


def is_valid(values: Any) -> bool:
    """Whether `values` pass the schema (jsonschema would report no error)."""
    return _n1(values)


def _n3(x: Any) -> bool:
    # #/properties/imageBuilder/properties/enabled
    if not (isinstance(x, bool)):
        return False
    return True


def _n4(x: Any) -> bool:
    # #/properties/imageBuilder/properties/targetConfigMapName
    if not (isinstance(x, str)):
        return False
    if len(x) > 253:
        return False
    if _R2.search(x) is None:
        return False
    return True


def _n5(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkitUri
    if not (isinstance(x, str)):
        return False
    return True


def _n6(x: Any) -> bool:
    # #/properties/imageBuilder/properties/authenticationType
    if not (isinstance(x, str)):
        return False
    if x not in _E3:
        return False
    return True


def _n7(x: Any) -> bool:
    # #/properties/imageBuilder/properties/basicAuth
    if not (isinstance(x, dict)):
        return False
    for key in _K4:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P5.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n10(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/serviceAccount/properties/name
    if not (isinstance(x, str)):
        return False
    if len(x) > 253:
        return False
    if _R8.search(x) is None:
        return False
    return True


def _n11(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/serviceAccount/properties/annotations
    if not (isinstance(x, dict)):
        return False
    for value in x.values():
        if not _n5(value):
            return False
    return True


def _n9(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/serviceAccount
    if not (isinstance(x, dict)):
        return False
    for key in _K7:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P9.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n12(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/fullnameOverride
    if not (isinstance(x, str)):
        return False
    if len(x) > 63:
        return False
    if _R10.search(x) is None:
        return False
    return True


def _n13(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/deploymentStrategy
    if not (isinstance(x, str)):
        return False
    if x not in _E11:
        return False
    return True


def _n14(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/replicaCount
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < 1:
        return False
    if x > 2147483647:
        return False
    return True


def _n15(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/autoscaling
    if not (isinstance(x, dict)):
        return False
    for key in _K12:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P13.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n17(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/image/properties/repository
    if not (isinstance(x, str)):
        return False
    if len(x) < 1:
        return False
    return True


def _n18(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/image/properties/pullPolicy
    if not (isinstance(x, str)):
        return False
    if x not in _E15:
        return False
    return True


def _n16(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/image
    if not (isinstance(x, dict)):
        return False
    for key in _K14:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P16.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n20(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/appArmorProfile
    if not (isinstance(x, dict)):
        return False
    return True


def _n22(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/capabilities/properties/add
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n5(item):
            return False
    return True


def _n21(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/capabilities
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P17.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n23(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/procMount
    if not (isinstance(x, str)):
        return False
    if x not in _E18:
        return False
    return True


def _n24(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/runAsGroup
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < 0:
        return False
    if x > 9223372036854775807:
        return False
    return True


def _n26(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/seccompProfile/properties/type
    if not (isinstance(x, str)):
        return False
    if x not in _E20:
        return False
    return True


def _n25(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext/properties/seccompProfile
    if not (isinstance(x, dict)):
        return False
    for key in _K19:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P21.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n19(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/securityContext
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P22.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n28(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/openShift/properties/securityContextConstraints
    if not (isinstance(x, dict)):
        return False
    for key in _K24:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P25.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n27(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/openShift
    if not (isinstance(x, dict)):
        return False
    for key in _K23:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P26.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n30(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/log/properties/format
    if not (isinstance(x, str)):
        return False
    if x not in _E28:
        return False
    return True


def _n31(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/log/properties/level
    if not (isinstance(x, str)):
        return False
    if x not in _E29:
        return False
    return True


def _n29(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/log
    if not (isinstance(x, dict)):
        return False
    for key in _K27:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P30.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n33(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/oci/properties/maxParallelism
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < 0:
        return False
    return True


def _n32(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/oci
    if not (isinstance(x, dict)):
        return False
    for key in _K31:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P32.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n35(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/gc/properties/reservedSpace
    if not (isinstance(x, str)):
        return False
    if _R34.search(x) is None:
        return False
    return True


def _n36(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/gc/properties/maxUsedSpace
    if not (isinstance(x, str)):
        return False
    if _R35.search(x) is None:
        return False
    return True


def _n34(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/gc
    if not (isinstance(x, dict)):
        return False
    for key in _K33:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P36.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n39(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/pdb/properties/minAvailable/anyOf/0
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < 0:
        return False
    if x > 2147483647:
        return False
    return True


def _n40(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/pdb/properties/minAvailable/anyOf/1
    if not (isinstance(x, str)):
        return False
    if _R38.search(x) is None:
        return False
    return True


def _n38(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/pdb/properties/minAvailable
    if not (_n39(x) or _n40(x)):
        return False
    return True


def _n37(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/pdb
    if not (isinstance(x, dict)):
        return False
    for key in _K37:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P39.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n42(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/service/properties/type
    if not (isinstance(x, str)):
        return False
    if x not in _E41:
        return False
    return True


def _n43(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/service/properties/port
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < 1:
        return False
    if x > 65535:
        return False
    return True


def _n41(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/service
    if not (isinstance(x, dict)):
        return False
    for key in _K40:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P42.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n48(x: Any) -> bool:
    # #/$defs/resourceList/propertyNames
    if isinstance(x, str):
        if _R43.search(x) is None:
            return False
    return True


def _n51(x: Any) -> bool:
    # #/$defs/quantity/anyOf/0
    if not (isinstance(x, str)):
        return False
    if _R44.search(x) is None:
        return False
    return True


def _n52(x: Any) -> bool:
    # #/$defs/quantity/anyOf/1
    if not (isinstance(x, (int, float)) and not isinstance(x, bool)):
        return False
    if x < 0:
        return False
    return True


def _n50(x: Any) -> bool:
    # #/$defs/quantity
    if not (_n51(x) or _n52(x)):
        return False
    return True


def _n49(x: Any) -> bool:
    # #/$defs/resourceList/additionalProperties
    if not _n50(x):
        return False
    return True


def _n47(x: Any) -> bool:
    # #/$defs/resourceList
    if not (isinstance(x, dict)):
        return False
    for key in x:
        if not _n48(key):
            return False
    for value in x.values():
        if not _n49(value):
            return False
    return True


def _n46(x: Any) -> bool:
    # #/$defs/resources/properties/limits
    if not _n47(x):
        return False
    return True


def _n54(x: Any) -> bool:
    # #/$defs/resources/properties/claims/items
    if not (isinstance(x, dict)):
        return False
    for key in _K45:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P46.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n53(x: Any) -> bool:
    # #/$defs/resources/properties/claims
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n54(item):
            return False
    return True


def _n45(x: Any) -> bool:
    # #/$defs/resources
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P47.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n44(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/resources
    if not _n45(x):
        return False
    return True


def _n58(x: Any) -> bool:
    # #/$defs/toleration/properties/operator
    if not (isinstance(x, str)):
        return False
    if x not in _E48:
        return False
    return True


def _n59(x: Any) -> bool:
    # #/$defs/toleration/properties/effect
    if not (isinstance(x, str)):
        return False
    if x not in _E49:
        return False
    return True


def _n60(x: Any) -> bool:
    # #/$defs/toleration/properties/tolerationSeconds
    if not ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())):
        return False
    if x < -9223372036854775808:
        return False
    if x > 9223372036854775807:
        return False
    return True


def _n57(x: Any) -> bool:
    # #/$defs/toleration
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P50.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n56(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tolerations/items
    if not _n57(x):
        return False
    return True


def _n55(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tolerations
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n56(item):
            return False
    return True


def _n64(x: Any) -> bool:
    # #/$defs/volume/properties/name
    if not (isinstance(x, str)):
        return False
    if len(x) > 63:
        return False
    if _R52.search(x) is None:
        return False
    return True


def _n63(x: Any) -> bool:
    # #/$defs/volume
    if not (isinstance(x, dict)):
        return False
    for key in _K51:
        if key not in x:
            return False
    if len(x) < 2:
        return False
    for key, value in x.items():
        check = _P53.get(key)
        if check is None:
            if not _n20(value):
                return False
            continue
        elif not check(value):
            return False
    return True


def _n62(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/additionalVolumes/items
    if not _n63(x):
        return False
    return True


def _n61(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/additionalVolumes
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n62(item):
            return False
    return True


def _n68(x: Any) -> bool:
    # #/$defs/volumeMount/properties/mountPath
    if not (isinstance(x, str)):
        return False
    if _R55.search(x) is None:
        return False
    return True


def _n69(x: Any) -> bool:
    # #/$defs/volumeMount/properties/mountPropagation
    if not (isinstance(x, str)):
        return False
    if x not in _E56:
        return False
    return True


def _n70(x: Any) -> bool:
    # #/$defs/volumeMount/properties/recursiveReadOnly
    if not (isinstance(x, str)):
        return False
    if x not in _E57:
        return False
    return True


def _n67(x: Any) -> bool:
    # #/$defs/volumeMount
    if not (isinstance(x, dict)):
        return False
    for key in _K54:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P58.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n66(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/additionalVolumeMounts/items
    if not _n67(x):
        return False
    return True


def _n65(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/additionalVolumeMounts
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n66(item):
            return False
    return True


def _n73(x: Any) -> bool:
    # #/$defs/envVar
    if not (isinstance(x, dict)):
        return False
    for key in _K59:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P60.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n72(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/podEnv/items
    if not _n73(x):
        return False
    return True


def _n71(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/podEnv
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n72(item):
            return False
    return True


def _n77(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls/properties/certManager/properties/issuerRef/properties/kind
    if not (isinstance(x, str)):
        return False
    if x not in _E64:
        return False
    return True


def _n76(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls/properties/certManager/properties/issuerRef
    if not (isinstance(x, dict)):
        return False
    for key in _K63:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P65.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n78(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls/properties/certManager/properties/duration
    if not (isinstance(x, str)):
        return False
    if _R66.search(x) is None:
        return False
    return True


def _n79(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls/properties/certManager/properties/renewBefore
    if not (isinstance(x, str)):
        return False
    if _R67.search(x) is None:
        return False
    return True


def _n75(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls/properties/certManager
    if not (isinstance(x, dict)):
        return False
    for key in _K62:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P68.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n74(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/tls
    if not (isinstance(x, dict)):
        return False
    for key in _K61:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P69.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n84(x: Any) -> bool:
    # #/$defs/networkPolicyPeer/properties/ipBlock
    if not (isinstance(x, dict)):
        return False
    for key in _K71:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P72.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n83(x: Any) -> bool:
    # #/$defs/networkPolicyPeer
    if not (isinstance(x, dict)):
        return False
    if len(x) < 1:
        return False
    for key, value in x.items():
        check = _P73.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n82(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/ingressFrom/items
    if not _n83(x):
        return False
    return True


def _n81(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/ingressFrom
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n82(item):
            return False
    return True


def _n90(x: Any) -> bool:
    # #/$defs/networkPolicyPort/properties/protocol
    if not (isinstance(x, str)):
        return False
    if x not in _E77:
        return False
    return True


def _n91(x: Any) -> bool:
    # #/$defs/networkPolicyPort/properties/port
    if not (((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer())) or (isinstance(x, str))):
        return False
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        if x < 1:
            return False
        if x > 65535:
            return False
    if isinstance(x, str):
        if len(x) < 1:
            return False
        if len(x) > 15:
            return False
    return True


def _n89(x: Any) -> bool:
    # #/$defs/networkPolicyPort
    if not (isinstance(x, dict)):
        return False
    for key in _K76:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P78.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n88(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/egress/properties/dns/properties/ports/items
    if not _n89(x):
        return False
    return True


def _n87(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/egress/properties/dns/properties/ports
    if not (isinstance(x, list)):
        return False
    for item in x:
        if not _n88(item):
            return False
    return True


def _n86(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/egress/properties/dns
    if not (isinstance(x, dict)):
        return False
    for key in _K75:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P79.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n85(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy/properties/egress
    if not (isinstance(x, dict)):
        return False
    for key in _K74:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P80.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n80(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/networkPolicy
    if not (isinstance(x, dict)):
        return False
    for key in _K70:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P81.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n94(x: Any) -> bool:
    # #/$defs/probe
    if not (isinstance(x, dict)):
        return False
    for key in _K83:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P84.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n93(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/probes/properties/readiness
    if not _n94(x):
        return False
    return True


def _n92(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit/properties/probes
    if not (isinstance(x, dict)):
        return False
    for key in _K82:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P85.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n8(x: Any) -> bool:
    # #/properties/imageBuilder/properties/buildkit
    if not (isinstance(x, dict)):
        return False
    for key in _K6:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P86.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n2(x: Any) -> bool:
    # #/properties/imageBuilder
    if not (isinstance(x, dict)):
        return False
    for key in _K1:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P87.get(key)
        if check is None:
            return False
        elif not check(value):
            return False
    return True


def _n96(x: Any) -> bool:
    # #/properties/global/properties/AWS_ACCOUNT_ID
    if not ((isinstance(x, str)) or ((isinstance(x, int) and not isinstance(x, bool)) or (isinstance(x, float) and x.is_integer()))):
        return False
    return True


def _n97(x: Any) -> bool:
    # #/properties/global/properties/METADATA_BUCKET
    if not ((isinstance(x, str)) or (isinstance(x, (int, float)) and not isinstance(x, bool)) or (isinstance(x, bool))):
        return False
    return True


def _n95(x: Any) -> bool:
    # #/properties/global
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P88.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n99(x: Any) -> bool:
    # #/properties/storage/properties/provider
    if not (isinstance(x, str)):
        return False
    if x not in _E89:
        return False
    return True


def _n100(x: Any) -> bool:
    # #/properties/storage/properties/authType
    if not (isinstance(x, str)):
        return False
    if x not in _E90:
        return False
    return True


def _n101(x: Any) -> bool:
    # #/properties/storage/properties/credentialsSecretRef
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P91.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n102(x: Any) -> bool:
    # #/properties/storage/properties/gcp
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P92.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n103(x: Any) -> bool:
    # #/properties/storage/properties/limits
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P93.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n104(x: Any) -> bool:
    # #/properties/storage/properties/cache
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P94.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n98(x: Any) -> bool:
    # #/properties/storage
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P95.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n105(x: Any) -> bool:
    # #/properties/commonServiceAccount
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P96.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n106(x: Any) -> bool:
    # #/properties/namespaces
    if not (isinstance(x, dict)):
        return False
    for key, value in x.items():
        check = _P97.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


def _n107(x: Any) -> bool:
    # #/properties/additionalPodEnvVars
    if not (isinstance(x, dict)):
        return False
    for value in x.values():
        if not _n97(value):
            return False
    return True


def _n1(x: Any) -> bool:
    # #
    if not (isinstance(x, dict)):
        return False
    for key in _K0:
        if key not in x:
            return False
    for key, value in x.items():
        check = _P98.get(key)
        if check is None:
            continue
        elif not check(value):
            return False
    return True


_K0 = ("imageBuilder",)
_K1 = (
    "enabled",
    "targetConfigMapName",
    "buildkitUri",
    "defaultRepository",
    "registryName",
    "authenticationType",
    "basicAuth",
    "buildkit",
)
_R2 = re.compile('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\Z')
_E3 = frozenset({"noop", "google", "aws", "azure", "basic"})
_K4 = ("username", "passwordSecretName", "passwordPlainText",)
_P5 = {"username": _n5, "passwordSecretName": _n5, "passwordPlainText": _n5}
_K6 = (
    "enabled",
    "serviceAccount",
    "fullnameOverride",
    "deploymentStrategy",
    "replicaCount",
    "autoscaling",
    "image",
    "rootless",
    "securityContext",
    "openShift",
    "log",
    "oci",
    "gc",
    "extraConfig",
    "allowInsecureEntitlements",
    "pdb",
    "podAnnotations",
    "service",
    "resources",
    "nodeSelector",
    "tolerations",
    "additionalVolumes",
    "additionalVolumeMounts",
    "podEnv",
    "tls",
    "networkPolicy",
    "probes",
)
_K7 = ("create", "name", "annotations", "imagePullSecret", "forceDedicated", "automountToken",)
_R8 = re.compile('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\Z')
_P9 = {
    "create": _n3,
    "name": _n10,
    "annotations": _n11,
    "imagePullSecret": _n5,
    "forceDedicated": _n3,
    "automountToken": _n3,
}
_R10 = re.compile('^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?\\Z')
_E11 = frozenset({"Recreate", "RollingUpdate"})
_K12 = ("enabled", "minReplicas", "maxReplicas", "targetCPUUtilizationPercentage",)
_P13 = {
    "enabled": _n3,
    "minReplicas": _n14,
    "maxReplicas": _n14,
    "targetCPUUtilizationPercentage": _n14,
    "targetMemoryUtilizationPercentage": _n14,
}
_K14 = ("repository", "pullPolicy", "tag",)
_E15 = frozenset({"Always", "IfNotPresent", "Never"})
_P16 = {"repository": _n17, "pullPolicy": _n18, "tag": _n17}
_P17 = {"add": _n22, "drop": _n22}
_E18 = frozenset({"Default", "Unmasked"})
_K19 = ("type",)
_E20 = frozenset({"Unconfined", "RuntimeDefault", "Localhost"})
_P21 = {"type": _n26, "localhostProfile": _n5}
_P22 = {
    "allowPrivilegeEscalation": _n3,
    "appArmorProfile": _n20,
    "capabilities": _n21,
    "privileged": _n3,
    "procMount": _n23,
    "readOnlyRootFilesystem": _n3,
    "runAsGroup": _n24,
    "runAsNonRoot": _n3,
    "runAsUser": _n24,
    "seLinuxOptions": _n20,
    "seccompProfile": _n25,
    "windowsOptions": _n20,
}
_K23 = ("enabled", "securityContextConstraints",)
_K24 = (
    "create",
    "name",
    "existingName",
    "allowPrivilegeEscalation",
    "defaultAllowPrivilegeEscalation",
    "pinRequiredSCC",
)
_P25 = {
    "create": _n3,
    "name": _n5,
    "existingName": _n5,
    "allowPrivilegeEscalation": _n3,
    "defaultAllowPrivilegeEscalation": _n3,
    "pinRequiredSCC": _n3,
}
_P26 = {"enabled": _n3, "securityContextConstraints": _n28}
_K27 = ("debug", "format", "level",)
_E28 = frozenset({"text", "json"})
_E29 = frozenset({"", "trace", "debug", "info", "warn", "error", "fatal", "panic"})
_P30 = {"debug": _n3, "format": _n30, "level": _n31}
_K31 = ("maxParallelism",)
_P32 = {"maxParallelism": _n33}
_K33 = ("reservedSpace", "maxUsedSpace",)
_R34 = re.compile('^(([0-9]|[1-9][0-9]|100)%|[1-9][0-9]{0,14}([kKmMgGtTpP][iI]?)?[bB]?)\\Z')
_R35 = re.compile('^(([0-9]|[1-9][0-9]|100)%|[1-9][0-9]{0,14}([kKmMgGtTpP][iI]?)?[bB]?)\\Z')
_P36 = {"reservedSpace": _n35, "maxUsedSpace": _n36}
_K37 = ("minAvailable",)
_R38 = re.compile('^[0-9]{1,3}%\\Z')
_P39 = {"minAvailable": _n38}
_K40 = ("type", "port", "loadbalancerIp", "annotations",)
_E41 = frozenset({"ClusterIP", "NodePort", "LoadBalancer"})
_P42 = {"type": _n42, "port": _n43, "loadbalancerIp": _n5, "annotations": _n11}
_R43 = re.compile('^([a-z0-9.-]+/)?[a-z0-9]([-a-z0-9]*[a-z0-9])?\\Z')
_R44 = re.compile('^[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkKMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?\\Z')
_K45 = ("name",)
_P46 = {"name": _n5, "request": _n5}
_P47 = {"limits": _n46, "requests": _n46, "claims": _n53}
_E48 = frozenset({"Exists", "Equal"})
_E49 = frozenset({"", "NoSchedule", "PreferNoSchedule", "NoExecute"})
_P50 = {"key": _n5, "operator": _n58, "value": _n5, "effect": _n59, "tolerationSeconds": _n60}
_K51 = ("name",)
_R52 = re.compile('^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\Z')
_P53 = {"name": _n64}
_K54 = ("name", "mountPath",)
_R55 = re.compile('^/')
_E56 = frozenset({"None", "HostToContainer", "Bidirectional"})
_E57 = frozenset({"Disabled", "IfPossible", "Enabled"})
_P58 = {
    "name": _n5,
    "mountPath": _n68,
    "readOnly": _n3,
    "subPath": _n5,
    "subPathExpr": _n5,
    "mountPropagation": _n69,
    "recursiveReadOnly": _n70,
}
_K59 = ("name",)
_P60 = {"name": _n17, "value": _n5, "valueFrom": _n20}
_K61 = (
    "enabled",
    "clientsPresentCertificates",
    "existingSecret",
    "clientSecretName",
    "certManager",
)
_K62 = ("issuerRef", "duration", "renewBefore", "extraDnsNames",)
_K63 = ("name", "kind", "group",)
_E64 = frozenset({"Issuer", "ClusterIssuer"})
_P65 = {"name": _n5, "kind": _n77, "group": _n5}
_R66 = re.compile('^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+\\Z')
_R67 = re.compile('^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+\\Z')
_P68 = {"issuerRef": _n76, "duration": _n78, "renewBefore": _n79, "extraDnsNames": _n22}
_P69 = {
    "enabled": _n3,
    "clientsPresentCertificates": _n3,
    "existingSecret": _n5,
    "clientSecretName": _n5,
    "certManager": _n75,
}
_K70 = ("enabled", "ingressFrom", "egress",)
_K71 = ("cidr",)
_P72 = {"cidr": _n5, "except": _n22}
_P73 = {"namespaceSelector": _n20, "podSelector": _n20, "ipBlock": _n84}
_K74 = ("enabled", "allowDNS", "dns", "ports", "denyCloudMetadata", "allowedCIDRs",)
_K75 = ("to", "ports",)
_K76 = ("port",)
_E77 = frozenset({"TCP", "UDP", "SCTP"})
_P78 = {"protocol": _n90, "port": _n91, "endPort": _n43}
_P79 = {"to": _n81, "ports": _n87}
_P80 = {
    "enabled": _n3,
    "allowDNS": _n3,
    "dns": _n86,
    "ports": _n87,
    "denyCloudMetadata": _n3,
    "allowedCIDRs": _n22,
}
_P81 = {"enabled": _n3, "ingressFrom": _n81, "egress": _n85}
_K82 = ("readiness", "liveness",)
_K83 = ("initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold",)
_P84 = {
    "initialDelaySeconds": _n39,
    "periodSeconds": _n14,
    "timeoutSeconds": _n14,
    "failureThreshold": _n14,
}
_P85 = {"readiness": _n93, "liveness": _n93}
_P86 = {
    "enabled": _n3,
    "serviceAccount": _n9,
    "fullnameOverride": _n12,
    "deploymentStrategy": _n13,
    "replicaCount": _n14,
    "hostUsers": _n3,
    "autoscaling": _n15,
    "image": _n16,
    "rootless": _n3,
    "securityContext": _n19,
    "openShift": _n27,
    "log": _n29,
    "oci": _n32,
    "gc": _n34,
    "extraConfig": _n5,
    "allowInsecureEntitlements": _n3,
    "pdb": _n37,
    "podAnnotations": _n11,
    "service": _n41,
    "resources": _n44,
    "nodeSelector": _n11,
    "tolerations": _n55,
    "additionalVolumes": _n61,
    "additionalVolumeMounts": _n65,
    "podEnv": _n71,
    "tls": _n74,
    "networkPolicy": _n80,
    "probes": _n92,
}
_P87 = {
    "enabled": _n3,
    "targetConfigMapName": _n4,
    "buildkitUri": _n5,
    "defaultRepository": _n5,
    "registryName": _n5,
    "authenticationType": _n6,
    "basicAuth": _n7,
    "buildkit": _n8,
}
_P88 = {"AWS_ACCOUNT_ID": _n96, "METADATA_BUCKET": _n97}
_E89 = frozenset({"compat", "oci", "aws", "gcs", "custom"})
_E90 = frozenset({"iam", "accesskey"})
_P91 = {"name": _n5}
_P92 = {"projectId": _n5}
_P93 = {"maxDownloadMBs": _n33}
_P94 = {"maxSizeMBs": _n33, "targetGCPercent": _n33}
_P95 = {
    "provider": _n99,
    "region": _n5,
    "bucketName": _n5,
    "authType": _n100,
    "accessKey": _n5,
    "secretKey": _n5,
    "endpoint": _n5,
    "fastRegistrationURL": _n5,
    "disableSSL": _n3,
    "enableMultiContainer": _n3,
    "credentialsSecretRef": _n101,
    "gcp": _n102,
    "limits": _n103,
    "cache": _n104,
    "custom": _n20,
}
_P96 = {"enabled": _n3, "name": _n5, "annotations": _n11}
_P97 = {"enabled": _n3}
_P98 = {
    "imageBuilder": _n2,
    "global": _n95,
    "storage": _n98,
    "additionalServiceAccountAnnotations": _n11,
    "commonServiceAccount": _n105,
    "namespaces": _n106,
    "low_privilege": _n3,
    "provider": _n5,
    "additionalPodEnvVars": _n107,
    "userRoleAnnotationKey": _n5,
    "userRoleAnnotationValue": _n5,
}
