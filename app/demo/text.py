"""The words of the demo data (``app.demo.tracking``): fictional leaders and
signers, the topics of the year with their document summaries and task
templates, the phrases units and the Office write, document number formats,
and the scripted documents of the last weeks. All names are fictional.

Only text and the unit codes it names live here; how it is combined is
``app.demo.tracking``.
"""
from app.rules import enums
from app.reference.units import OFFICE

# --- People (fictional) -----------------------------------------------------------

# key: (name, position, issuing authority)
LEADERS = {
    "CT": ("Hoàng Văn Khải", "Chủ tịch", enums.CHAIRMAN),
    "PKT": ("Nguyễn Thanh Bình", "Phó Chủ tịch", enums.VICE_CHAIRMAN),   # economy, finance
    "PNN": ("Lê Quốc Hưng", "Phó Chủ tịch", enums.VICE_CHAIRMAN),        # farming, land
    "PVX": ("H'Mai Niê Kdăm", "Phó Chủ tịch", enums.VICE_CHAIRMAN),      # culture, society
}
OFFICE_SIGNERS = (("Đỗ Minh Tuấn", "Chánh Văn phòng"), ("Phan Thị Lan", "Phó Chánh Văn phòng"))

# --- Topics ---------------------------------------------------------------------------
# (leader, drafting unit, letter suffix, district pool or None for all,
#  summaries: (doc type, (first month, last month), text[, how many documents]),
#  task templates: (lead, content, coordinating units)).
# Lead "*D": one task per district drawn from the pool; "*T": the district the
# summary names ({district}/{place}). {leader} is the leader in charge.
# Document types are shortened so that the tables stay readable.
_DAK, _OL, _TB, _YK = (enums.DECISION, enums.OFFICIAL_LETTER, enums.CONCLUSION_NOTICE,
                        enums.DIRECTION)
_CT, _CD, _KH = enums.DIRECTIVE, enums.TELEGRAM, enums.OTHER
FIRE_PLACES = ("EASUP", "BUONDON", "EAHLEO", "MDRAK", "KRONGBONG", "LAK", "CUMGAR", "KRONGNANG")
EAST_PLACES = ("MDRAK", "KRONGBONG", "EAKAR", "KRONGANA", "LAK", "KRONGPAC", "CUKUIN")
COFFEE_PLACES = ("BMT", "CUMGAR", "KRONGPAC", "KRONGANA", "KRONGNANG", "KRONGBUK", "BUONHO",
                 "EAHLEO", "CUKUIN", "EAKAR")
RIVER_PLACES = ("KRONGANA", "BUONDON", "LAK", "KRONGBONG", "CUKUIN", "KRONGPAC")

TOPICS = (
    ("PNN", "SNNPTNT", "NNMT", EAST_PLACES + ("EAHLEO", "EASUP"), (
        (_CD, (2, 3), "Về việc tập trung chỉ đạo phòng, chống hạn hán, bảo đảm nước tưới cho "
                      "cây trồng vụ Đông Xuân và nước sinh hoạt cho nhân dân"),
        (_OL, (2, 4), "V/v triển khai các giải pháp cấp bách chống hạn cho cây cà phê và lúa "
                      "nước mùa khô 2016 - 2017"),
        (_TB, (3, 4), "Kết luận của {leader} tại cuộc họp Ban Chỉ huy Phòng chống thiên tai và "
                      "Tìm kiếm cứu nạn tỉnh về công tác phòng, chống hạn"),
        (_DAK, (4, 5), "Về việc hỗ trợ kinh phí từ nguồn dự phòng ngân sách tỉnh cho các địa "
                       "phương khắc phục hậu quả hạn hán"),
    ), (
        ("SNNPTNT", "Theo dõi chặt chẽ mực nước tại các hồ chứa, hướng dẫn các địa phương điều "
                    "tiết nước tưới hợp lý, ưu tiên cây cà phê đang ra hoa và lúa vụ Đông Xuân",
         "STNMT"),
        ("*D", "Rà soát diện tích cây trồng có nguy cơ thiếu nước; nạo vét kênh mương, đào ao, "
               "giếng tạm; có phương án cấp nước sinh hoạt, không để người dân thiếu nước",
         "SNNPTNT"),
        ("STC", "Tham mưu UBND tỉnh bố trí kinh phí từ nguồn dự phòng ngân sách tỉnh hỗ trợ các "
                "địa phương khắc phục hạn hán", "SNNPTNT SKHDT"),
        ("STNMT", "Kiểm tra việc khai thác nước dưới đất phục vụ tưới; xử lý các trường hợp "
                  "khoan giếng không phép làm cạn kiệt nguồn nước", ""),
        ("SCT", "Chỉ đạo các nhà máy thủy điện phối hợp điều tiết xả nước phục vụ sản xuất "
                "vùng hạ du", "SNNPTNT"),
    )),
    ("PNN", "SNNPTNT", "NNMT", FIRE_PLACES, (
        (_CD, (1, 2), "Về việc tăng cường các biện pháp cấp bách phòng cháy, chữa cháy rừng mùa "
                      "khô năm 2017"),
        (_CT, (1, 1), "Về việc tăng cường công tác phòng cháy, chữa cháy rừng trên địa bàn tỉnh"),
        (_KH, (1, 2), "Kế hoạch phòng cháy, chữa cháy rừng mùa khô 2016 - 2017"),
        (_YK, (3, 4), "Ý kiến chỉ đạo của {leader} về việc xử lý vụ cháy rừng trên địa bàn "
                      "{place}"),
    ), (
        ("SNNPTNT", "Chỉ đạo Chi cục Kiểm lâm tăng cường tuần tra, canh gác lửa rừng 24/24 giờ "
                    "tại các khu vực rừng trọng điểm; sẵn sàng lực lượng, phương tiện chữa cháy "
                    "theo phương châm bốn tại chỗ", ""),
        ("*D", "Kiện toàn Ban Chỉ huy phòng cháy, chữa cháy rừng cấp huyện, cấp xã; xử lý "
               "nghiêm các trường hợp đốt nương rẫy, đốt thực bì không đúng quy định", "SNNPTNT"),
        ("*T", "Khẩn trương điều tra, làm rõ nguyên nhân vụ cháy rừng, xác định diện tích "
               "thiệt hại và trách nhiệm của chủ rừng", "SNNPTNT"),
        ("STTTT", "Chỉ đạo các cơ quan báo chí, Đài Phát thanh - Truyền hình tỉnh tăng cường "
                  "tuyên truyền về phòng cháy, chữa cháy rừng", ""),
    )),
    ("PNN", "SNNPTNT", "NNMT", FIRE_PLACES, (
        (_CT, (5, 7), "Về việc tăng cường quản lý, bảo vệ rừng, ngăn chặn tình trạng phá rừng, "
                      "lấn chiếm đất lâm nghiệp trái phép"),
        (_TB, (6, 9), "Kết luận của {leader} tại buổi làm việc với {district} về công tác quản "
                      "lý, bảo vệ rừng"),
        (_OL, (8, 10), "V/v xử lý các vụ vi phạm Luật Bảo vệ và Phát triển rừng kéo dài chưa "
                       "được giải quyết"),
        (_DAK, (10, 11), "Về việc phê duyệt Phương án quản lý rừng bền vững của các công ty "
                         "lâm nghiệp giai đoạn 2017 - 2020"),
    ), (
        ("*D", "Kiểm tra, xử lý dứt điểm các vụ phá rừng, lấn chiếm đất rừng trên địa bàn; làm "
               "rõ trách nhiệm của chủ rừng và chính quyền cấp xã để xảy ra vi phạm", "SNNPTNT"),
        ("*T", "Chỉ đạo UBND các xã phối hợp với chủ rừng giải tỏa diện tích đất rừng bị lấn "
               "chiếm, trồng lại rừng trong mùa mưa năm 2017", "SNNPTNT STNMT"),
        ("STNMT", "Rà soát việc giao đất, cho thuê đất lâm nghiệp đối với các công ty nông, lâm "
                  "nghiệp; đề xuất thu hồi diện tích sử dụng không đúng mục đích", "SNNPTNT"),
        ("SNNPTNT", "Tổng hợp kết quả thực hiện, đề xuất khen thưởng, kỷ luật tập thể, cá nhân "
                    "trong công tác quản lý, bảo vệ rừng", "SNV"),
        ("TTRA", "Thanh tra trách nhiệm quản lý, bảo vệ rừng của các chủ rừng để xảy ra phá rừng "
                 "nghiêm trọng", "SNNPTNT"),
    )),
    ("PNN", "SNNPTNT", "NNMT", COFFEE_PLACES, (
        (_OL, (3, 5), "V/v đẩy nhanh tiến độ tái canh cà phê năm 2017"),
        (_TB, (7, 8), "Kết luận của {leader} tại hội nghị sơ kết 3 năm thực hiện Đề án tái "
                      "canh cà phê giai đoạn 2014 - 2020"),
        (_DAK, (9, 10), "Về việc ban hành Quy định chứng nhận vườn ươm đủ điều kiện sản xuất "
                        "giống cà phê tái canh"),
        (_KH, (6, 7), "Kế hoạch phát triển ngành cà phê bền vững trên địa bàn tỉnh đến năm 2020"),
    ), (
        ("SNNPTNT", "Kiểm tra chất lượng giống cà phê tại các cơ sở sản xuất, kinh doanh giống; "
                    "công bố danh sách vườn ươm đủ điều kiện cung ứng giống tái canh", "SKHCN"),
        ("*D", "Rà soát diện tích cà phê già cỗi, năng suất thấp cần tái canh; hướng dẫn nông "
               "hộ tiếp cận gói tín dụng tái canh theo quy định", "SNNPTNT"),
        ("SKHCN", "Hỗ trợ chuyển giao tiến bộ kỹ thuật ghép cải tạo, tái canh cà phê cho các "
                  "hợp tác xã, tổ hợp tác", "SNNPTNT"),
        ("SCT", "Xây dựng chương trình xúc tiến thương mại, quảng bá thương hiệu Cà phê Buôn Ma "
                "Thuột", "SNNPTNT"),
    )),
    ("PVX", "SVHTTDL", "KGVX", None, (
        (_DAK, (1, 1), "Về việc thành lập Ban Tổ chức Lễ hội Cà phê Buôn Ma Thuột lần thứ 6 năm "
                       "2017"),
        (_KH, (1, 1), "Kế hoạch tổ chức Lễ hội Cà phê Buôn Ma Thuột lần thứ 6 năm 2017"),
        (_TB, (2, 2), "Kết luận của {leader} tại cuộc họp Ban Tổ chức Lễ hội Cà phê Buôn Ma "
                      "Thuột lần thứ 6 năm 2017"),
        (_OL, (3, 4), "V/v tổng kết, rút kinh nghiệm công tác tổ chức Lễ hội Cà phê Buôn Ma "
                      "Thuột lần thứ 6"),
    ), (
        ("SVHTTDL", "Chủ trì xây dựng chương trình các hoạt động văn hóa, du lịch trong khuôn "
                    "khổ Lễ hội; chuẩn bị không gian văn hóa cồng chiêng Tây Nguyên", "BMT"),
        ("BMT", "Chỉnh trang đô thị, vệ sinh môi trường; trang trí cờ, băng rôn, hệ thống chiếu "
                "sáng trên các tuyến phố trung tâm thành phố", "SXD"),
        ("SYT", "Bố trí các đội cấp cứu lưu động; kiểm tra an toàn thực phẩm tại các điểm tổ "
                "chức Lễ hội", ""),
        ("SCT", "Kiểm tra, bình ổn giá cả; chống hàng giả, hàng kém chất lượng trong thời gian "
                "diễn ra Lễ hội", "BMT"),
        ("STC", "Thẩm định dự toán kinh phí tổ chức Lễ hội, trình UBND tỉnh phê duyệt",
         "SVHTTDL"),
        ("SGTVT", "Xây dựng phương án phân luồng giao thông, bảo đảm trật tự an toàn giao thông "
                  "trên các tuyến đường diễn ra lễ hội đường phố", "BMT"),
    )),
    ("CT", "SLDTBXH", "TH", None, (
        (_CT, (1, 1), "Về việc tổ chức đón Tết Nguyên đán Đinh Dậu năm 2017"),
        (_OL, (1, 1), "V/v tổ chức thăm, tặng quà các đối tượng chính sách, hộ nghèo nhân dịp "
                      "Tết Nguyên đán Đinh Dậu 2017"),
        (_CT, (12, 12), "Về việc tổ chức đón Tết Nguyên đán Mậu Tuất năm 2018"),
        (_OL, (12, 12), "V/v bảo đảm cân đối cung cầu, bình ổn thị trường dịp cuối năm 2017 và "
                        "Tết Nguyên đán Mậu Tuất 2018"),
    ), (
        ("SLDTBXH", "Tổ chức thăm hỏi, tặng quà các gia đình chính sách, hộ nghèo; bảo đảm mọi "
                    "người, mọi nhà đều có Tết", "STC"),
        ("SCT", "Theo dõi diễn biến thị trường, bảo đảm cung ứng hàng hóa thiết yếu; không để "
                "xảy ra khan hiếm, tăng giá đột biến dịp Tết", ""),
        ("SGTVT", "Bố trí đủ phương tiện phục vụ nhu cầu đi lại của nhân dân; kiểm tra, xử lý "
                  "việc tăng giá cước vận tải trái quy định", ""),
        ("*D", "Tổ chức các hoạt động vui xuân lành mạnh; bảo đảm an ninh trật tự, an toàn giao "
               "thông, phòng chống cháy nổ trên địa bàn", ""),
        ("STC", "Tham mưu bố trí kinh phí tặng quà Tết cho các đối tượng chính sách, người có "
                "công", "SLDTBXH"),
        ("SVHTTDL", "Tổ chức chương trình nghệ thuật, bắn pháo hoa đón giao thừa tại Quảng "
                    "trường 10/3", "BMT"),
    )),
    ("PKT", "SKHDT", "KT", None, (
        (_CT, (3, 4), "Về việc đẩy nhanh tiến độ thực hiện và giải ngân kế hoạch vốn đầu tư công "
                      "năm 2017"),
        (_OL, (7, 7), "V/v đôn đốc giải ngân vốn đầu tư công 6 tháng cuối năm 2017"),
        (_TB, (10, 10), "Kết luận của {leader} tại cuộc họp kiểm điểm tình hình giải ngân vốn "
                        "đầu tư công 9 tháng năm 2017"),
        (_DAK, (11, 11), "Về việc điều chỉnh kế hoạch vốn đầu tư công năm 2017 nguồn ngân sách "
                         "tỉnh"),
        (_YK, (8, 9), "Ý kiến chỉ đạo của {leader} về việc xử lý số dư tạm ứng vốn đầu tư kéo "
                      "dài"),
    ), (
        ("SKHDT", "Tổng hợp tình hình giải ngân của từng chủ đầu tư; đề xuất điều chuyển vốn từ "
                  "các dự án chậm giải ngân sang các dự án có khối lượng hoàn thành", "STC"),
        ("STC", "Phối hợp Kho bạc Nhà nước tỉnh kiểm soát, thanh toán kịp thời khối lượng hoàn "
                "thành; tổng hợp các dự án có số dư tạm ứng kéo dài", "SKHDT"),
        ("*D", "Tập trung giải phóng mặt bằng, hoàn thiện hồ sơ thanh toán các công trình sử "
               "dụng vốn ngân sách tỉnh trên địa bàn", "SKHDT STC"),
        ("SGTVT", "Đẩy nhanh thẩm định thiết kế, dự toán các công trình giao thông khởi công mới "
                  "năm 2017", ""),
        ("SXD", "Kiểm tra chất lượng, tiến độ thi công các công trình trường học, trạm y tế sử "
                "dụng vốn ngân sách", "SGDDT SYT"),
    )),
    ("PKT", "STC", "KT", None, (
        (_OL, (7, 7), "V/v xây dựng dự toán ngân sách nhà nước năm 2018 và kế hoạch tài chính - "
                      "ngân sách 03 năm 2018 - 2020"),
        (_TB, (10, 11), "Kết luận của {leader} tại cuộc họp về dự toán thu, chi ngân sách năm "
                        "2018"),
        (_DAK, (12, 12), "Về việc giao dự toán thu, chi ngân sách nhà nước năm 2018"),
    ), (
        ("STC", "Hướng dẫn các đơn vị, địa phương xây dựng dự toán thu, chi ngân sách năm 2018; "
                "tổng hợp, trình UBND tỉnh", "SKHDT"),
        ("*D", "Xây dựng dự toán thu, chi ngân sách năm 2018 của địa phương, gửi Sở Tài chính "
               "tổng hợp", "STC"),
        ("SKHDT", "Xây dựng kế hoạch đầu tư công năm 2018, bảo đảm cân đối với khả năng huy động "
                  "nguồn vốn", "STC"),
        ("SNV", "Rà soát biên chế, số lượng người làm việc năm 2018 làm cơ sở xây dựng dự toán "
                "chi thường xuyên", "STC"),
    )),
    ("PKT", "STC", "KT", None, (
        (_OL, (5, 6), "V/v tăng cường các biện pháp chống thất thu, bảo đảm hoàn thành dự toán "
                      "thu ngân sách năm 2017"),
        (_TB, (8, 9), "Kết luận của {leader} tại buổi làm việc với {district} về tình hình thu "
                      "ngân sách và quản lý tài chính"),
        (_YK, (9, 10), "Ý kiến chỉ đạo của {leader} về việc đẩy nhanh tiến độ thu tiền sử dụng "
                       "đất năm 2017"),
    ), (
        ("STC", "Tổng hợp, đánh giá tình hình thu ngân sách; đề xuất giải pháp bù đắp các khoản "
                "thu dự kiến hụt so với dự toán", "SKHDT"),
        ("*D", "Rà soát các nguồn thu trên địa bàn, đôn đốc thu hồi nợ đọng thuế; đẩy nhanh tiến "
               "độ đấu giá quyền sử dụng đất", "STC STNMT"),
        ("*T", "Khẩn trương hoàn thiện hồ sơ đấu giá các khu đất đã có quy hoạch chi tiết; báo "
               "cáo tiến độ thu tiền sử dụng đất", "STC STNMT"),
        ("STNMT", "Đẩy nhanh việc xác định giá đất cụ thể làm cơ sở thu tiền sử dụng đất, tiền "
                  "thuê đất", "STC"),
    )),
    ("PKT", "STC", "KT", None, (
        (_OL, (4, 5), "V/v rà soát, sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước"),
        (_DAK, (9, 10), "Về việc phê duyệt phương án sắp xếp lại, xử lý nhà, đất của các cơ "
                        "quan, đơn vị thuộc tỉnh (đợt 2)"),
        (_YK, (6, 7), "Ý kiến chỉ đạo của {leader} về việc mua sắm tài sản công tập trung năm "
                      "2017"),
    ), (
        ("STC", "Chủ trì kiểm tra hiện trạng, đề xuất phương án sắp xếp lại, xử lý nhà, đất của "
                "các cơ quan, đơn vị", "STNMT SXD"),
        ("*D", "Báo cáo hiện trạng quản lý, sử dụng nhà, đất thuộc sở hữu nhà nước do địa phương "
               "quản lý", "STC"),
        ("STNMT", "Làm thủ tục thu hồi, giao đất đối với các cơ sở nhà, đất đã được phê duyệt "
                  "phương án xử lý", "STC"),
        ("SGDDT", "Rà soát các điểm trường lẻ không còn sử dụng, đề xuất phương án xử lý", "STC"),
    )),
    ("CT", "SNV", "NC", None, (
        (_DAK, (1, 1), "Về việc ban hành Kế hoạch cải cách hành chính năm 2017 của tỉnh Đắk Lắk"),
        (_CT, (5, 6), "Về việc đẩy mạnh cải cách hành chính, nâng cao chỉ số PAR INDEX và SIPAS "
                      "của tỉnh"),
        (_KH, (2, 3), "Kế hoạch tuyên truyền cải cách hành chính năm 2017"),
        (_TB, (7, 8), "Kết luận của {leader} tại hội nghị sơ kết công tác cải cách hành chính 6 "
                      "tháng đầu năm 2017"),
        (_OL, (9, 10), "V/v chấn chỉnh tình trạng trễ hẹn trong giải quyết thủ tục hành chính "
                       "tại bộ phận một cửa"),
    ), (
        ("SNV", "Chủ trì xây dựng kế hoạch khắc phục các chỉ số thành phần PAR INDEX giảm điểm "
                "năm 2016", ""),
        ("STP", "Soạn thảo dự thảo Quyết định ban hành Quy chế phối hợp kiểm soát thủ tục hành "
                "chính trên địa bàn tỉnh, trình UBND tỉnh trước khi ban hành", ""),
        ("STTTT", "Triển khai dịch vụ công trực tuyến mức độ 3, 4; kết nối Cổng dịch vụ công của "
                  "tỉnh với phần mềm một cửa điện tử", "SNV"),
        ("*D", "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa; chấn chỉnh, xử lý "
               "tình trạng trễ hẹn giải quyết hồ sơ", "SNV"),
        ("SNV", "Tổ chức kiểm tra đột xuất việc chấp hành kỷ luật, kỷ cương hành chính tại các "
                "cơ quan, đơn vị", "TTRA"),
    )),
    ("PKT", "SKHDT", "KT", None, (
        (_KH, (4, 5), "Kế hoạch hành động cải thiện chỉ số năng lực cạnh tranh cấp tỉnh (PCI) "
                      "năm 2017"),
        (_TB, (6, 7), "Kết luận của {leader} tại hội nghị đối thoại với doanh nghiệp năm 2017"),
        (_OL, (7, 8), "V/v giải quyết kiến nghị của doanh nghiệp tại hội nghị đối thoại năm 2017"),
    ), (
        ("SKHDT", "Rút ngắn thời gian đăng ký doanh nghiệp, thẩm định dự án đầu tư; công khai "
                  "quy trình, thời gian giải quyết", ""),
        ("STNMT", "Rút ngắn thời gian giải quyết thủ tục giao đất, cho thuê đất cho doanh "
                  "nghiệp; công khai quy hoạch, kế hoạch sử dụng đất", ""),
        ("SCT", "Tổng hợp, trả lời kiến nghị của doanh nghiệp về điện, xăng dầu và xúc tiến "
                "thương mại", ""),
        ("SXD", "Giải quyết kiến nghị về cấp phép xây dựng của các doanh nghiệp", ""),
        ("STC", "Trả lời kiến nghị của doanh nghiệp về chính sách tài chính, đơn giá thuê đất",
         "STNMT"),
    )),
    ("PNN", "STNMT", "NNMT", None, (
        (_CT, (3, 4), "Về việc tăng cường công tác quản lý nhà nước về đất đai trên địa bàn "
                      "tỉnh"),
        (_OL, (6, 6), "V/v đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất lần đầu năm "
                      "2017"),
        (_TB, (5, 9), "Kết luận của {leader} tại buổi làm việc với {district} về công tác quản "
                      "lý đất đai và giải phóng mặt bằng", 2),
        (_DAK, (3, 3), "Về việc phê duyệt kế hoạch sử dụng đất năm 2017 của thành phố Buôn Ma "
                       "Thuột"),
    ), (
        ("STNMT", "Đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất lần đầu; xây dựng cơ "
                  "sở dữ liệu đất đai", ""),
        ("*D", "Kiểm tra, xử lý các trường hợp chuyển mục đích sử dụng đất, xây dựng nhà ở trái "
               "phép trên đất nông nghiệp", "STNMT SXD"),
        ("*T", "Giải quyết dứt điểm các vướng mắc trong bồi thường, giải phóng mặt bằng các dự "
               "án trọng điểm trên địa bàn", "STNMT STC"),
        ("TTRA", "Thanh tra việc quản lý, sử dụng đất của các công ty nông, lâm nghiệp sau sắp "
                 "xếp, đổi mới", "STNMT"),
        ("BMT", "Công bố công khai kế hoạch sử dụng đất năm 2017; thực hiện thu hồi đất, giao "
                "đất theo kế hoạch được duyệt", "STNMT"),
    )),
    ("PNN", "STNMT", "NNMT", RIVER_PLACES, (
        (_OL, (4, 5), "V/v chấn chỉnh hoạt động khai thác cát, sỏi lòng sông trái phép trên sông "
                      "Sêrêpốk và sông Krông Nô"),
        (_YK, (8, 9), "Ý kiến chỉ đạo của {leader} về việc xử lý phản ánh của báo chí về khai "
                      "thác cát trái phép trên địa bàn {place}"),
    ), (
        ("STNMT", "Chủ trì kiểm tra, xử lý các tổ chức, cá nhân khai thác cát, sỏi không phép "
                  "hoặc ngoài phạm vi được cấp phép", ""),
        ("*D", "Chỉ đạo UBND các xã ven sông tăng cường kiểm tra, lập biên bản, tạm giữ phương "
               "tiện khai thác cát trái phép", "STNMT"),
        ("*T", "Kiểm tra, xác minh nội dung báo chí phản ánh; xử lý nghiêm vi phạm theo quy "
               "định", "STNMT"),
        ("SGTVT", "Kiểm tra, xử lý xe chở cát quá tải trọng làm hư hỏng đường giao thông", ""),
    )),
    ("PVX", "SYT", "KGVX", None, (
        (_OL, (6, 7), "V/v tăng cường các biện pháp phòng, chống dịch bệnh sốt xuất huyết"),
        (_CD, (8, 8), "Về việc tập trung phòng, chống dịch sốt xuất huyết trên địa bàn tỉnh"),
        (_TB, (9, 9), "Kết luận của {leader} tại cuộc họp Ban Chỉ đạo phòng, chống dịch bệnh "
                      "tỉnh"),
    ), (
        ("SYT", "Giám sát chặt chẽ các ổ dịch; phun hóa chất diệt muỗi tại khu vực có ca bệnh; "
                "bảo đảm thuốc, vật tư, giường bệnh điều trị", ""),
        ("*D", "Tổ chức chiến dịch vệ sinh môi trường, diệt lăng quăng, bọ gậy tại các xã, "
               "phường có ca bệnh", "SYT"),
        ("SGDDT", "Chỉ đạo các trường học vệ sinh trường lớp, tuyên truyền cho học sinh về "
                  "phòng, chống sốt xuất huyết", "SYT"),
        ("STC", "Bảo đảm kinh phí mua hóa chất, vật tư phòng, chống dịch", "SYT"),
        ("STTTT", "Chỉ đạo tăng cường thông tin, tuyên truyền các biện pháp phòng, chống sốt "
                  "xuất huyết", "SYT"),
    )),
    ("PNN", "SNNPTNT", "NNMT", None, (
        (_OL, (2, 3), "V/v triển khai các biện pháp cấp bách ngăn chặn dịch cúm gia cầm A/H7N9 "
                      "xâm nhiễm vào địa bàn tỉnh"),
        (_YK, (3, 4), "Ý kiến chỉ đạo của {leader} về việc xử lý ổ dịch cúm gia cầm A/H5N6 tại "
                      "{place}"),
    ), (
        ("SNNPTNT", "Chỉ đạo Chi cục Chăn nuôi và Thú y giám sát, lấy mẫu xét nghiệm; kiểm soát "
                    "chặt việc vận chuyển gia cầm, sản phẩm gia cầm", ""),
        ("SYT", "Giám sát người bệnh viêm đường hô hấp cấp; chuẩn bị phương án thu dung, điều "
                "trị khi có ca bệnh", ""),
        ("*T", "Tổ chức tiêu hủy gia cầm bệnh, khử trùng tiêu độc khu vực ổ dịch; công bố dịch "
               "theo quy định", "SNNPTNT"),
        ("SCT", "Chỉ đạo lực lượng quản lý thị trường ngăn chặn buôn bán, vận chuyển gia cầm "
                "nhập lậu", ""),
    )),
    ("PKT", "SGTVT", "CN", None, (
        (_DAK, (3, 4), "Về việc phân bổ xi măng hỗ trợ làm đường giao thông nông thôn năm 2017"),
        (_OL, (8, 9), "V/v đẩy nhanh tiến độ thực hiện chương trình bê tông hóa giao thông nông "
                      "thôn năm 2017"),
    ), (
        ("SGTVT", "Hướng dẫn kỹ thuật, kiểm tra chất lượng các tuyến đường giao thông nông thôn "
                  "sử dụng xi măng hỗ trợ", ""),
        ("*D", "Tổ chức tiếp nhận xi măng, vận động nhân dân hiến đất, góp ngày công làm đường "
               "giao thông nông thôn", "SGTVT"),
        ("STC", "Bố trí kinh phí mua xi măng, thanh quyết toán theo quy định", "SGTVT"),
    )),
    ("PNN", "SNNPTNT", "NNMT", None, (
        (_KH, (2, 3), "Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
                      "năm 2017"),
        (_TB, (8, 10), "Kết luận của {leader} tại buổi kiểm tra tiến độ xây dựng nông thôn mới "
                       "tại {place}", 2),
        (_OL, (11, 12), "V/v hoàn thiện hồ sơ đề nghị công nhận xã đạt chuẩn nông thôn mới năm "
                        "2017"),
    ), (
        ("*D", "Tập trung chỉ đạo các xã đăng ký đạt chuẩn nông thôn mới năm 2017 hoàn thành "
               "các tiêu chí còn thiếu", "SNNPTNT"),
        ("*T", "Rà soát các tiêu chí giao thông, thủy lợi, trường học còn thiếu; lập kế hoạch "
               "huy động nguồn lực hoàn thành trong năm", "SNNPTNT SKHDT"),
        ("SNNPTNT", "Chủ trì thẩm định hồ sơ, đánh giá các xã đề nghị công nhận đạt chuẩn nông "
                    "thôn mới", ""),
        ("SKHDT", "Tham mưu phân bổ vốn Chương trình mục tiêu quốc gia xây dựng nông thôn mới "
                  "năm 2017", "STC SNNPTNT"),
    )),
    ("PNN", "SNNPTNT", "NNMT", EAST_PLACES, (
        (_CD, (11, 11), "Về việc chủ động ứng phó với cơn bão số 12 (bão Damrey) và mưa lũ"),
        (_CD, (9, 10), "Về việc bảo đảm an toàn hồ đập, chủ động ứng phó mưa lũ năm 2017"),
        (_DAK, (11, 12), "Về việc hỗ trợ kinh phí khắc phục hậu quả cơn bão số 12 năm 2017"),
    ), (
        ("*D", "Rà soát, di dời dân ở vùng có nguy cơ sạt lở, ngập lụt; kiểm tra, có phương án "
               "bảo vệ an toàn các hồ chứa nhỏ", "SNNPTNT"),
        ("SNNPTNT", "Thống kê thiệt hại về người, tài sản, sản xuất nông nghiệp; đề xuất hỗ trợ "
                    "khắc phục hậu quả", ""),
        ("SCT", "Yêu cầu các chủ đập thủy điện vận hành hồ chứa đúng quy trình, thông báo kịp "
                "thời cho vùng hạ du trước khi xả lũ", ""),
        ("STC", "Tham mưu hỗ trợ kinh phí khắc phục hậu quả mưa lũ cho các địa phương bị thiệt "
                "hại", "SNNPTNT"),
        ("SGTVT", "Khắc phục sạt lở, bảo đảm giao thông thông suốt trên các tuyến quốc lộ, tỉnh "
                  "lộ", ""),
    )),
    ("CT", "SGTVT", "NC", None, (
        (_CT, (1, 2), "Về việc tăng cường bảo đảm trật tự an toàn giao thông năm 2017"),
        (_KH, (2, 3), "Kế hoạch thực hiện Năm an toàn giao thông 2017"),
        (_OL, (4, 4), "V/v bảo đảm trật tự an toàn giao thông dịp nghỉ lễ 30/4, 01/5 và mùa du "
                      "lịch hè năm 2017"),
        (_OL, (8, 9), "V/v bảo đảm an toàn giao thông cho học sinh năm học 2017 - 2018"),
    ), (
        ("SGTVT", "Tăng cường kiểm tra hoạt động kinh doanh vận tải, bến xe; xử lý xe dù, bến "
                  "cóc", ""),
        ("*D", "Ra quân lập lại trật tự hành lang an toàn đường bộ; xử lý lấn chiếm lòng đường, "
               "vỉa hè", "SGTVT"),
        ("SGDDT", "Chỉ đạo các trường tuyên truyền, giáo dục an toàn giao thông; không để học "
                  "sinh chưa đủ tuổi điều khiển xe mô tô", ""),
        ("SYT", "Bảo đảm công tác cấp cứu, điều trị người bị tai nạn giao thông", ""),
    )),
    ("PVX", "SGDDT", "KGVX", None, (
        (_OL, (5, 6), "V/v tổ chức Kỳ thi trung học phổ thông quốc gia năm 2017"),
        (_CT, (8, 9), "Về nhiệm vụ trọng tâm năm học 2017 - 2018"),
        (_YK, (8, 9), "Ý kiến chỉ đạo của {leader} về việc khắc phục tình trạng thiếu giáo viên "
                      "đầu năm học 2017 - 2018"),
    ), (
        ("SGDDT", "Chuẩn bị cơ sở vật chất, nhân sự các điểm thi; bảo đảm an toàn, nghiêm túc, "
                  "đúng quy chế", ""),
        ("SYT", "Bảo đảm an toàn thực phẩm, y tế tại các điểm thi", "SGDDT"),
        ("*D", "Rà soát, sửa chữa phòng học xuống cấp; bảo đảm đủ bàn ghế, nước sạch, nhà vệ "
               "sinh trước ngày khai giảng", "SGDDT"),
        ("SNV", "Tham mưu điều chỉnh biên chế giáo viên giữa các địa phương, khắc phục tình "
                "trạng thừa, thiếu cục bộ", "SGDDT STC"),
        ("SGDDT", "Vận động học sinh ra lớp đầu năm học, hạn chế tình trạng học sinh bỏ học, nhất "
                  "là học sinh dân tộc thiểu số", "BDT"),
    )),
    ("PVX", "BDT", "KGVX", None, (
        (_OL, (4, 5), "V/v triển khai chính sách hỗ trợ đất ở, đất sản xuất, nước sinh hoạt cho "
                      "hộ đồng bào dân tộc thiểu số nghèo"),
        (_DAK, (2, 3), "Về việc phê duyệt danh sách người có uy tín trong đồng bào dân tộc thiểu "
                       "số năm 2017"),
        (_TB, (7, 9), "Kết luận của {leader} tại buổi làm việc với {district} về thực hiện "
                      "Chương trình 135"),
    ), (
        ("BDT", "Chủ trì hướng dẫn, kiểm tra việc thực hiện chính sách hỗ trợ đồng bào dân tộc "
                "thiểu số; tổng hợp nhu cầu kinh phí", "STC"),
        ("*D", "Rà soát, lập danh sách hộ đồng bào dân tộc thiểu số nghèo thiếu đất ở, đất sản "
               "xuất, nước sinh hoạt", "BDT STNMT"),
        ("*T", "Đẩy nhanh tiến độ các công trình hạ tầng thuộc Chương trình 135; giải ngân vốn "
               "hỗ trợ phát triển sản xuất", "BDT SKHDT"),
        ("STNMT", "Rà soát quỹ đất từ các công ty nông, lâm nghiệp để giao cho hộ đồng bào thiếu "
                  "đất", "BDT"),
    )),
    ("PVX", "SLDTBXH", "KGVX", None, (
        (_KH, (3, 3), "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm "
                      "2017"),
        (_OL, (9, 10), "V/v tổ chức điều tra, rà soát hộ nghèo, hộ cận nghèo năm 2017"),
        (_DAK, (12, 12), "Về việc phê duyệt kết quả rà soát hộ nghèo, hộ cận nghèo năm 2017"),
    ), (
        ("SLDTBXH", "Hướng dẫn quy trình, tập huấn nghiệp vụ rà soát hộ nghèo, hộ cận nghèo theo "
                    "chuẩn nghèo đa chiều", ""),
        ("*D", "Tổ chức rà soát hộ nghèo, hộ cận nghèo bảo đảm công khai, đúng quy trình",
         "SLDTBXH"),
        ("STC", "Bố trí kinh phí thực hiện các chính sách giảm nghèo năm 2017", "SLDTBXH"),
        ("SLDTBXH", "Triển khai các chương trình đào tạo nghề cho lao động nông thôn gắn với "
                    "giảm nghèo", ""),
    )),
    ("PVX", "SYT", "KGVX", None, (
        (_OL, (4, 5), "V/v tăng cường bảo đảm an toàn thực phẩm trong Tháng hành động vì an toàn "
                      "thực phẩm năm 2017"),
        (_TB, (10, 11), "Kết luận của {leader} tại cuộc họp Ban Chỉ đạo liên ngành về vệ sinh an "
                        "toàn thực phẩm"),
    ), (
        ("SYT", "Chủ trì thành lập các đoàn kiểm tra liên ngành an toàn thực phẩm; xử lý nghiêm "
                "các cơ sở vi phạm", "SCT SNNPTNT"),
        ("SNNPTNT", "Kiểm tra dư lượng thuốc bảo vệ thực vật trên rau, quả; kiểm soát giết mổ "
                    "gia súc, gia cầm", ""),
        ("*D", "Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể, chợ và cơ sở kinh doanh dịch "
               "vụ ăn uống trên địa bàn", "SYT"),
        ("SCT", "Kiểm tra, xử lý kinh doanh thực phẩm không rõ nguồn gốc trên thị trường", ""),
    )),
    ("CT", "TTRA", "NC", None, (
        (_OL, (3, 4), "V/v giải quyết dứt điểm các vụ khiếu nại, tố cáo phức tạp, kéo dài"),
        (_TB, (2, 11), "Kết luận của {leader} tại buổi tiếp công dân định kỳ tháng {month} năm "
                       "2017", 3),
        (_YK, (5, 10), "Ý kiến chỉ đạo của {leader} về việc giải quyết đơn của công dân ở {place}",
         2),
    ), (
        ("TTRA", "Rà soát các vụ khiếu nại, tố cáo tồn đọng, kéo dài; tham mưu UBND tỉnh giải "
                 "quyết dứt điểm", ""),
        ("*D", "Kiểm tra, xác minh, giải quyết đơn của công dân theo thẩm quyền; trả lời công "
               "dân theo quy định", "TTRA"),
        ("*T", "Kiểm tra, xác minh, giải quyết đơn của công dân theo thẩm quyền; trả lời công "
               "dân theo quy định", "TTRA"),
        ("STNMT", "Kiểm tra hồ sơ đất đai liên quan đến đơn khiếu nại của công dân, đề xuất "
                  "hướng giải quyết", "TTRA"),
        ("SXD", "Rà soát hồ sơ cấp phép xây dựng liên quan đến nội dung khiếu nại", "TTRA"),
    )),
    ("PKT", "SXD", "CN", None, (
        (_OL, (5, 6), "V/v lập lại trật tự đô thị, xử lý vi phạm trật tự xây dựng trên địa bàn "
                      "thành phố Buôn Ma Thuột"),
        (_TB, (7, 8), "Kết luận của {leader} tại buổi làm việc với UBND thành phố Buôn Ma Thuột "
                      "về quy hoạch và phát triển đô thị"),
        (_YK, (6, 8), "Ý kiến chỉ đạo của {leader} về việc xử lý ngập úng cục bộ trên các tuyến "
                      "đường nội thị thành phố Buôn Ma Thuột"),
    ), (
        ("BMT", "Ra quân xử lý lấn chiếm vỉa hè, lòng đường; kiểm tra, xử lý các công trình xây "
                "dựng sai phép, không phép", "SXD"),
        ("SXD", "Kiểm tra công tác quản lý trật tự xây dựng của UBND thành phố Buôn Ma Thuột; "
                "đề xuất xử lý trách nhiệm", "BMT"),
        ("BMT", "Khẩn trương khơi thông hệ thống thoát nước, khắc phục điểm ngập úng trên các "
                "tuyến đường nội thị", "SXD SGTVT"),
        ("SXD", "Hoàn thiện đồ án điều chỉnh quy hoạch chung thành phố Buôn Ma Thuột, trình UBND "
                "tỉnh", "BMT STNMT"),
    )),
    ("CT", "STTTT", "TH", None, (
        (_DAK, (2, 3), "Về việc ban hành Kế hoạch ứng dụng công nghệ thông tin trong hoạt động "
                       "của cơ quan nhà nước năm 2017"),
        (_OL, (6, 8), "V/v sử dụng hệ thống quản lý văn bản và điều hành, chữ ký số trong trao "
                      "đổi văn bản điện tử"),
    ), (
        ("STTTT", "Triển khai chữ ký số chuyên dùng cho các cơ quan; hướng dẫn gửi, nhận văn bản "
                  "điện tử liên thông 4 cấp", ""),
        ("*D", "Sử dụng hệ thống quản lý văn bản và điều hành trong xử lý công việc; bảo đảm tỷ "
               "lệ văn bản điện tử theo chỉ tiêu", "STTTT"),
        ("SNV", "Đưa chỉ tiêu ứng dụng công nghệ thông tin vào tiêu chí đánh giá, xếp loại cải "
                "cách hành chính", "STTTT"),
        ("STC", "Bố trí kinh phí triển khai các dự án ứng dụng công nghệ thông tin năm 2017",
         "STTTT"),
    )),
    ("PVX", "SLDTBXH", "KGVX", None, (
        (_OL, (5, 7), "V/v tăng cường thực hiện chính sách bảo hiểm xã hội, bảo hiểm y tế và xử "
                      "lý nợ đọng bảo hiểm"),
    ), (
        ("SLDTBXH", "Thanh tra, kiểm tra việc chấp hành pháp luật về bảo hiểm xã hội tại các "
                    "doanh nghiệp nợ đọng kéo dài", ""),
        ("*D", "Vận động người dân tham gia bảo hiểm y tế hộ gia đình; phấn đấu đạt chỉ tiêu bao "
               "phủ bảo hiểm y tế năm 2017", "SYT"),
        ("SYT", "Chấn chỉnh việc khám, chữa bệnh bảo hiểm y tế tại các cơ sở y tế; kiểm soát "
                "chi phí khám, chữa bệnh", ""),
    )),
    ("PKT", "SCT", "CN", EAST_PLACES + ("BUONDON", "EASUP"), (
        (_OL, (7, 8), "V/v kiểm tra an toàn đập, vận hành hồ chứa thủy điện mùa mưa lũ năm 2017"),
        (_TB, (10, 11), "Kết luận của {leader} tại buổi làm việc về tiến độ các dự án thủy điện, "
                        "điện mặt trời trên địa bàn tỉnh"),
    ), (
        ("SCT", "Kiểm tra phương án phòng chống lụt bão, quy trình vận hành hồ chứa của các nhà "
                "máy thủy điện", "SNNPTNT"),
        ("*D", "Phối hợp chủ đập thông tin kịp thời cho người dân vùng hạ du trước khi xả lũ",
         "SCT"),
        ("SKHDT", "Rà soát tiến độ các dự án điện đã có chủ trương đầu tư; đề xuất thu hồi dự án "
                  "chậm triển khai", "SCT"),
        ("STNMT", "Hướng dẫn nhà đầu tư hoàn thiện thủ tục đất đai, đánh giá tác động môi trường "
                  "các dự án năng lượng", "SCT"),
    )),
    ("CT", "SKHDT", "TH", None, (
        (_DAK, (1, 1), "Về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2017"),
        (_TB, (2, 11), "Kết luận của {leader} tại phiên họp thường kỳ UBND tỉnh tháng {month} "
                       "năm 2017", 4),
        (_OL, (6, 6), "V/v đánh giá tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 "
                      "tháng đầu năm 2017"),
    ), (
        ("SKHDT", "Tổng hợp tình hình thực hiện các chỉ tiêu kinh tế - xã hội; đề xuất giải pháp "
                  "hoàn thành các chỉ tiêu đạt thấp", ""),
        ("STC", "Đánh giá tình hình thu, chi ngân sách; đề xuất biện pháp điều hành ngân sách "
                "những tháng cuối năm", ""),
        ("*D", "Báo cáo tình hình thực hiện các chỉ tiêu kinh tế - xã hội được giao; đề xuất "
               "giải pháp thực hiện", "SKHDT"),
        ("SNNPTNT", "Đánh giá tình hình sản xuất nông nghiệp, dự báo sản lượng cà phê niên vụ "
                    "2017 - 2018", ""),
        ("SCT", "Báo cáo tình hình sản xuất công nghiệp, xuất khẩu và các giải pháp hỗ trợ doanh "
                "nghiệp", ""),
        ("SNV", "Tham mưu kiện toàn tổ chức bộ máy, tinh giản biên chế theo Nghị quyết 39-NQ/TW",
         ""),
    )),
)

# Secret documents are never entered (Art. 5.2): the section only records that
# a unit sent its periodic secret report on them (no content).
_RECEIVERS = ("Nguyễn Thị Hạnh – Văn thư", "Trần Văn Minh – Chuyên viên")
# (unit, period, reference, received (month, day), received by)
SECRET_RECEIPTS = (
    ("EASUP", "2017-Q1", "12/BC-UBND", (4, 7), _RECEIVERS[0]),
    ("BUONDON", "2017-Q1", "09/BC-UBND", (4, 10), _RECEIVERS[0]),
    ("TTRA", "2017-Q1", "05/BC-TTr", (4, 12), _RECEIVERS[1]),
    ("SNV", "2017-Q1", "31/BC-SNV", (4, 13), _RECEIVERS[1]),
    ("EASUP", "2017-H1", "41/BC-UBND", (7, 6), _RECEIVERS[0]),
    ("BUONDON", "2017-H1", "37/BC-UBND", (7, 11), _RECEIVERS[0]),
    ("BDT", "2017-H1", "18/BC-BDT", (7, 13), _RECEIVERS[1]),
    ("KRONGPAC", "2017-H1", "52/BC-UBND", (7, 14), _RECEIVERS[0]),
    ("SNGV", "2017-H1", "27/BC-SNgV", (7, 17), _RECEIVERS[1]),
    ("EASUP", "2017-Q3", "77/BC-UBND", (10, 9), _RECEIVERS[0]),
    ("TTRA", "2017-Q3", "21/BC-TTr", (10, 12), _RECEIVERS[1]),
    ("SNV", "2017-Q3", "88/BC-SNV", (10, 13), _RECEIVERS[1]),
    ("BDT", "2017-Q3", "44/BC-BDT", (10, 16), _RECEIVERS[0]),
    ("BMT", "2017", "212/BC-UBND", (12, 15), _RECEIVERS[0]),
    ("SNGV", "2017", "96/BC-SNgV", (12, 18), _RECEIVERS[1]),
)

# --- What units and the Office write --------------------------------------------------

PROGRESS_TEXTS = (
    "Đã ban hành văn bản triển khai đến các phòng, ban chuyên môn và UBND cấp xã; đang tổng hợp "
    "kết quả thực hiện.",
    "Đã tổ chức họp triển khai, phân công lãnh đạo và chuyên viên theo dõi; khối lượng hoàn "
    "thành ước đạt {pct}%.",
    "Đang phối hợp với các đơn vị liên quan rà soát số liệu; dự kiến hoàn thành đúng thời hạn.",
    "Đã thành lập tổ công tác, kiểm tra thực tế tại cơ sở; đang hoàn thiện báo cáo.",
    "Đã xây dựng dự thảo, gửi lấy ý kiến các sở, ngành và địa phương; đang tiếp thu, hoàn chỉnh.",
    "Đã hoàn thành khoảng {pct}% khối lượng công việc; phần còn lại đang triển khai theo kế "
    "hoạch.",
    "Đã làm việc với các xã, phường và các đơn vị liên quan; đang tổng hợp khó khăn, vướng mắc "
    "để đề xuất xử lý.",
)
CYCLE_TEXTS = (
    "Báo cáo định kỳ: các nội dung được giao đang thực hiện thường xuyên; kết quả trong kỳ đạt "
    "khoảng {pct}% kế hoạch năm.",
    "Báo cáo định kỳ: đã triển khai đầy đủ các nội dung trong kỳ, không phát sinh vướng mắc.",
    "Báo cáo định kỳ: tiếp tục thực hiện; một số nội dung chậm do thiếu kinh phí, đã đề xuất bổ "
    "sung.",
)
DONE_TEXTS = (
    ("Đã hoàn thành nhiệm vụ được giao.", "Báo cáo kết quả số {ref} ngày {day}."),
    ("Đã tổ chức thực hiện xong các nội dung theo yêu cầu.",
     "Văn bản số {ref} ngày {day} báo cáo UBND tỉnh."),
    ("Đã hoàn thành; kết quả cụ thể nêu tại báo cáo gửi kèm.", "Báo cáo số {ref} ngày {day}."),
)
OBSTACLE_TEXTS = (
    "Chưa được bố trí kinh phí thực hiện.",
    "Chưa nhận đủ số liệu của các đơn vị phối hợp.",
    "Khối lượng công việc lớn, địa bàn rộng, lực lượng cán bộ còn mỏng.",
    "Nội dung liên quan đến nhiều ngành, cần thêm thời gian lấy ý kiến thống nhất.",
    "Một số nội dung vượt thẩm quyền, đang chờ hướng dẫn của bộ, ngành Trung ương.",
)
EXTENSION_ASK = "{obstacle} Đề nghị UBND tỉnh cho gia hạn thời gian thực hiện đến ngày {day}."
EXTENSION_REFUSED = (
    "Lãnh đạo UBND tỉnh không đồng ý gia hạn; yêu cầu đơn vị tập trung hoàn thành đúng thời hạn.",
    "Không đồng ý gia hạn do nhiệm vụ cấp bách; đơn vị chủ động bố trí lực lượng thực hiện.",
)
RETURN_WRONG = (
    "Nội dung nhiệm vụ thuộc chức năng, nhiệm vụ của {unit}; đề nghị Văn phòng UBND tỉnh chuyển "
    "lại đơn vị chủ trì.",
    "Văn bản giao {unit} chủ trì, đơn vị chỉ tham gia phối hợp; đề nghị điều chỉnh lại đơn vị "
    "chủ trì.",
)
RETURN_FIX = "Nhiệm vụ chưa ghi đủ đơn vị phối hợp theo văn bản; đề nghị bổ sung {unit}."
RETURN_PENDING = (
    "Nội dung nhiệm vụ chưa rõ yêu cầu về sản phẩm và thời hạn; đề nghị Văn phòng UBND tỉnh làm "
    "rõ trước khi đơn vị tiếp nhận.",
    "Nhiệm vụ không thuộc thẩm quyền của đơn vị; đề nghị Văn phòng UBND tỉnh báo cáo lãnh đạo "
    "UBND tỉnh giao lại.",
)
REASSIGN_TEXTS = (
    "Chuyển {unit} chủ trì theo đúng nội dung văn bản.",
    "Theo ý kiến của lãnh đạo UBND tỉnh, giao {unit} chủ trì thực hiện.",
)
EDIT_FIX_TEXT = "Bổ sung {unit} làm đơn vị phối hợp theo văn bản."
RETRANSFER_TEXT = "Đã bổ sung đơn vị phối hợp theo ý kiến của đơn vị; chuyển lại để thực hiện."
CANCEL_TEXTS = (
    "UBND tỉnh đã ban hành văn bản khác thay thế.",
    "Nhiệm vụ trùng với nhiệm vụ đã giao tại văn bản trước.",
    "Theo ý kiến chỉ đạo của lãnh đạo UBND tỉnh, dừng thực hiện nhiệm vụ.",
)
REOPEN_TEXTS = (
    "Báo cáo chưa có số liệu cụ thể, chưa đánh giá được kết quả so với yêu cầu; đề nghị bổ sung.",
    "Kết quả chưa đáp ứng yêu cầu của văn bản chỉ đạo; đề nghị tiếp tục thực hiện.",
)
CORRECTION_TEXT = "Điều chỉnh báo cáo trước (nhập nhầm số liệu): {text}"
CONTRIBUTE_TEXTS = (
    "Đã có văn bản tham gia ý kiến, cung cấp số liệu gửi {lead} tổng hợp.",
    "Đã cử cán bộ tham gia tổ công tác do {lead} chủ trì.",
)
FEEDBACK_TEXTS = (
    "Đến nay {lead} chưa có văn bản hướng dẫn địa phương thực hiện; đề nghị Văn phòng UBND tỉnh "
    "đôn đốc.",
    "Địa phương đã gửi số liệu nhưng {lead} chưa tổng hợp, báo cáo UBND tỉnh theo thời hạn.",
)
CLOSE_TEXT = "Kết quả thực hiện đáp ứng yêu cầu; kết thúc theo dõi."
OBSTACLE_PREFIX = "Khó khăn, vướng mắc: "
NOTES = (
    "Lãnh đạo UBND tỉnh yêu cầu theo dõi sát tiến độ.",
    "Danh mục chi tiết tại phụ lục kèm theo văn bản.",
    "Theo dõi chung với báo cáo định kỳ của ngành.",
)
SUFFIX_DEADLINE = {True: "; báo cáo UBND tỉnh kết quả thực hiện trước ngày {day}.",
                   False: "; hoàn thành trước ngày {day}."}
SUFFIX_CYCLE = {
    enums.QUARTER: "; định kỳ hằng quý báo cáo UBND tỉnh kết quả thực hiện.",
    enums.HALF_YEAR: "; báo cáo UBND tỉnh định kỳ 6 tháng và cả năm.",
    enums.YEAR: "; báo cáo UBND tỉnh kết quả thực hiện hằng năm.",
    enums.ON_RESULT: "; báo cáo UBND tỉnh khi có kết quả.",
}
SUFFIX_ONGOING = "; thực hiện thường xuyên."

# A plausible "wrong" lead for a task the Office sends to the wrong unit first.
RELATED = {
    "SKHDT": "STC", "STC": "SKHDT", "STNMT": "SNNPTNT", "SNNPTNT": "STNMT", "SXD": "SGTVT",
    "SGTVT": "SXD", "SYT": "SLDTBXH", "SLDTBXH": "BDT", "BDT": "SLDTBXH", "SCT": "SKHDT",
    "SNV": "STP", "STP": "SNV", "SGDDT": "SLDTBXH", "SVHTTDL": "SGDDT", "TTRA": "STP",
    "STTTT": "SNV", "SKHCN": "SNNPTNT", "SNGV": "SVHTTDL",
}
# Report abbreviations that differ from the unit code.
REPORT_ABBR = {"SKHDT": "SKHĐT", "SNNPTNT": "SNN", "SGDDT": "SGDĐT", "SLDTBXH": "SLĐTBXH",
               "TTRA": "TTr"}

# (document type, series, number format, documents a year)
SERIES = {
    _DAK: ("QĐ", "{n}/QĐ-UBND", 3900),
    "normative": ("QPPL", "{n:02d}/{year}/QĐ-UBND", 60),
    _CT: ("CT", "{n:02d}/CT-UBND", 22),
    _OL: ("UBND", "{n}/UBND-{sfx}", 10500),
    _CD: ("CĐ", "{n:02d}/CĐ-UBND", 14),
    _TB: ("TB", "{n}/TB-UBND", 300),
    _YK: ("VP", "{n}/VP-{sfx}", 6500),
    _KH: ("KH", "{n}/KH-UBND", 240),
}

# --- Task kinds (Art. 3.1) -----------------------------------------------------------------
# The first kind with a word that opens the task's text or starts a word of it
# (lower case); a task matching none is "other".
KIND_WORDS = (
    (enums.LEGAL_DOCUMENT, ("soạn thảo", "dự thảo", "văn bản quy phạm")),
    (enums.SCHEME, ("đề án", "đồ án", "xây dựng kế hoạch", "xây dựng chương trình",
                    "xây dựng phương án", "lập kế hoạch", "đề xuất phương án")),
    (enums.REPORT, ("báo cáo", "tổng hợp", "đánh giá tình hình", "thống kê")),
)

# --- Recent documents, relative to today ------------------------------------------------
# Offsets are working days from the last working day up to today. Scripts:
# c create, t transfer (t-8:SXD = first sent to SXD), r return, R reassign to
# the lead, a accept, p progress, o obstacle, x request extension (x-1:+20 =
# proposed deadline), X decide extension (:ok / :no), d report done, C close,
# O reopen (send back), k cancel, f contribution / g district feedback (:UNIT).
RECENT = (
    (_OL, enums.URGENT, -12, False, "PKT", "SKHDT", "KT",
     "V/v đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}", (
         ("STC", "Rà soát, đề xuất điều chuyển vốn của các dự án không có khả năng giải ngân",
          "SKHDT", 2, None, True, "c-12 t-11 a-10 p-8 p-3"),
         ("BMT", "Hoàn thiện hồ sơ thanh toán khối lượng hoàn thành các công trình trên địa bàn "
                 "thành phố", "", 2, None, True, "c-12 t-11 a-11 p-9 d-1"),
         ("KRONGPAC", "Tập trung giải phóng mặt bằng các dự án giao thông trên địa bàn huyện",
          "STNMT", 3, None, True, "c-12 t-11 a-10 p-7 o-3 x-1:+20"),
         ("SKHDT", "Tổng hợp tình hình giải ngân theo từng chủ đầu tư, báo cáo UBND tỉnh hằng "
                   "tuần", "STC", 15, None, True, "c-12 t-11 a-9 p-6"),
         ("SGTVT", "Đẩy nhanh tiến độ thi công các công trình giao thông chuyển tiếp", "", -2,
          None, False, "c-12 t-11 a-10 p-8"),
     )),
    (_DAK, enums.NORMAL, -4, False, "CT", "SNV", "NC",
     "Về việc ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm {year}", (
         ("STC", "Tự kiểm tra công tác cải cách hành chính tại đơn vị, gửi kết quả về Sở Nội vụ",
          "", 25, None, False, "c-3 t-3"),
         ("BMT", "Chuẩn bị hồ sơ, tài liệu phục vụ Đoàn kiểm tra cải cách hành chính của tỉnh",
          "SNV", None, enums.QUARTER, True, "c-3 t-3"),
         ("KRONGPAC", "Tự kiểm tra việc giải quyết thủ tục hành chính tại bộ phận một cửa huyện "
                      "và các xã", "SNV", 25, None, True, "c-3 t-3"),
         ("SNV", "Thành lập các đoàn kiểm tra, thông báo lịch kiểm tra đến các đơn vị", "", 20,
          None, True, "c-3 t-2 a-1"),
     )),
    (_CD, enums.EXPRESS, -7, False, "CT", "SCT", "CN",
     "Về việc tăng cường phòng cháy, chữa cháy tại khu dân cư, chợ và cơ sở sản xuất", (
         ("BMT", "Kiểm tra an toàn phòng cháy, chữa cháy tại các chợ, trung tâm thương mại trên "
                 "địa bàn thành phố", "SCT", 8, None, True, "c-7 t-7 a-6"),
         ("KRONGPAC", "Kiểm tra, yêu cầu các cơ sở chế biến nông sản bảo đảm an toàn phòng cháy",
          "", 1, None, False, "c-7 t-7 a-7 p-5"),
         ("SCT", "Kiểm tra an toàn điện, phòng cháy tại các chợ và cửa hàng xăng dầu", "", 5,
          None, True, "c-7 t-7 a-6 p-5 d-2"),
         ("SXD", "Rà soát điều kiện phòng cháy của các công trình nhà ở cao tầng", "", 5, None,
          False, "c-7 t-7 a-7 p-6 d-4 C-2"),
     )),
    (_TB, enums.NORMAL, -1, True, "CT", OFFICE, "TH",
     "Kết luận của {leader} tại phiên họp thường kỳ UBND tỉnh tháng {month} năm {year}", (
         ("STC", "Đánh giá khả năng thu ngân sách, đề xuất giải pháp điều hành chi những tháng "
                 "tiếp theo", "", 20, None, True, "c0"),
         ("BMT", "Báo cáo tiến độ các dự án chỉnh trang đô thị trọng điểm của thành phố", "SXD",
          20, None, True, "c0"),
         ("KRONGPAC", "Báo cáo kết quả xử lý các kiến nghị của cử tri trên địa bàn huyện", "",
          None, enums.ON_RESULT, True, "c0"),
         ("SKHDT", "Tổng hợp kết quả thực hiện các chỉ tiêu kinh tế - xã hội", "STC", 20, None,
          True, "c0"),
     )),
    (_OL, enums.NORMAL, -9, False, "PKT", "STNMT", "TH",
     "V/v giải quyết kiến nghị của cử tri gửi đến kỳ họp HĐND tỉnh", (
         ("STC", "Trả lời kiến nghị của cử tri về hỗ trợ kinh phí xây dựng nhà văn hóa thôn, buôn",
          "", 10, None, True, "c-9 t-8 r-7"),
         ("BMT", "Xử lý kiến nghị của cử tri về ngập úng tại các tổ dân phố", "", 15, None,
          True, "c-9 t-8:SXD r-7 R-6 a-5 p-3"),
         ("KRONGPAC", "Trả lời kiến nghị của cử tri về cấp giấy chứng nhận quyền sử dụng đất", "",
          -3, None, True, "c-9 t-8 a-8 p-7 d-4 C-2"),
         ("KRONGPAC", "Kiểm tra, trả lời kiến nghị về sửa chữa đường liên xã", "SGTVT", 5, None,
          False, "c-9 t-8 a-7 p-5 d-1"),
         ("STC", "Trả lời kiến nghị của cử tri về thanh toán nợ đọng xây dựng cơ bản", "SKHDT",
          10, None, True, "c-9 t-8 a-8 p-6 d-2"),
     )),
    (_CT, enums.NORMAL, -25, False, "CT", "SNV", "NC",
     "Về việc tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ", (
         ("STC", "Quán triệt, tổ chức thực hiện Chỉ thị trong toàn ngành tài chính", "", None,
          enums.QUARTER, True, "c-25 t-24 a-23 p-20"),
         ("BMT", "Kiểm tra việc chấp hành giờ giấc, thái độ phục vụ của cán bộ tại bộ phận một "
                 "cửa", "SNV", None, enums.HALF_YEAR, False, "c-25 t-24 a-24 p-21 f-18:SNV"),
         ("KRONGPAC", "Rà soát, chấn chỉnh việc tiếp công dân, giải quyết đơn thư tại các xã", "",
          None, enums.ON_RESULT, True, "c-25 t-24 a-22"),
         ("SCT", "Kiểm tra việc chấp hành kỷ luật tại các đơn vị trực thuộc", "", 20, None, False,
          "c-25 t-24 a-23 k-10"),
         ("SNV", "Tổng hợp kết quả kiểm tra công vụ, đề xuất xử lý vi phạm", "KRONGPAC", -5, None,
          True, "c-25 t-24 a-23 p-21 o-16 x-15:+10 X-13:ok p-8 g-4:KRONGPAC"),
     )),
)
