"""Reference data: the units of Đắk Lắk (2016–2017)."""
from app.models import UnitKind

OFFICE = "VP"
LEADERSHIP = "UBND"
DIC = "STTTT"

# (code, name, short name, kind); departments then districts, in the order of
# the province's own lists.
UNITS = [
    (LEADERSHIP, "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND tỉnh", UnitKind.LEADERSHIP),
    (OFFICE, "Văn phòng UBND tỉnh", "VP UBND tỉnh", UnitKind.OFFICE),
    ("TTRA", "Thanh tra tỉnh", "Thanh tra tỉnh", UnitKind.DEPARTMENT),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ", UnitKind.DEPARTMENT),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", UnitKind.DEPARTMENT),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", UnitKind.DEPARTMENT),
    ("STC", "Sở Tài chính", "Sở Tài chính", UnitKind.DEPARTMENT),
    ("SCT", "Sở Công Thương", "Sở Công Thương", UnitKind.DEPARTMENT),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", UnitKind.DEPARTMENT),
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT", UnitKind.DEPARTMENT),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", UnitKind.DEPARTMENT),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", UnitKind.DEPARTMENT),
    (DIC, "Sở Thông tin và Truyền thông", "Sở TT&TT", UnitKind.DIC),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH", UnitKind.DEPARTMENT),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", UnitKind.DEPARTMENT),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", UnitKind.DEPARTMENT),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", UnitKind.DEPARTMENT),
    ("SYT", "Sở Y tế", "Sở Y tế", UnitKind.DEPARTMENT),
    ("SNGV", "Sở Ngoại vụ", "Sở Ngoại vụ", UnitKind.DEPARTMENT),
    ("BDT", "Ban Dân tộc", "Ban Dân tộc", UnitKind.DEPARTMENT),
    ("BMT", "UBND thành phố Buôn Ma Thuột", "TP Buôn Ma Thuột", UnitKind.DISTRICT),
    ("BUONHO", "UBND thị xã Buôn Hồ", "TX Buôn Hồ", UnitKind.DISTRICT),
    ("BUONDON", "UBND huyện Buôn Đôn", "Buôn Đôn", UnitKind.DISTRICT),
    ("CUKUIN", "UBND huyện Cư Kuin", "Cư Kuin", UnitKind.DISTRICT),
    ("CUMGAR", "UBND huyện Cư M'gar", "Cư M'gar", UnitKind.DISTRICT),
    ("EAHLEO", "UBND huyện Ea H'leo", "Ea H'leo", UnitKind.DISTRICT),
    ("EAKAR", "UBND huyện Ea Kar", "Ea Kar", UnitKind.DISTRICT),
    ("EASUP", "UBND huyện Ea Súp", "Ea Súp", UnitKind.DISTRICT),
    ("KRONGANA", "UBND huyện Krông Ana", "Krông Ana", UnitKind.DISTRICT),
    ("KRONGBONG", "UBND huyện Krông Bông", "Krông Bông", UnitKind.DISTRICT),
    ("KRONGBUK", "UBND huyện Krông Búk", "Krông Búk", UnitKind.DISTRICT),
    ("KRONGNANG", "UBND huyện Krông Năng", "Krông Năng", UnitKind.DISTRICT),
    ("KRONGPAC", "UBND huyện Krông Pắc", "Krông Pắc", UnitKind.DISTRICT),
    ("LAK", "UBND huyện Lắk", "Lắk", UnitKind.DISTRICT),
    ("MDRAK", "UBND huyện M'Đrắk", "M'Đrắk", UnitKind.DISTRICT),
]
