import Foundation

/// Frame stores written by Flipbook before the store had typed records and validation
/// (commit b557928, `flipbook run` with tiny settings), as `sqlite3 .dump` text: schema version 1
/// as it is in the wild. `StoreFixture.materialize` turns one back into a WAL-mode `frames.sqlite`.
enum StoreFixture: String, CaseIterable {
    /// circles, 2 → 3 relu → 1, binary cross-entropy, 4 epochs, completed.
    case circles
    /// sine, 1 → 2 tanh → 1, mean squared error, 3 epochs, completed.
    case sine
    /// a 3-feature CSV (`table`), 3 → 2 leaky-relu → 3 sigmoid-per-class, 3 epochs, completed.
    case table
    /// spiral, 3 classes, 2 → 2 relu → 3 softmax, momentum with learning rate 1e8: diverged at epoch 2.
    case spiral
    /// a 4×3-pixel MNIST-layout set (`image`), 12 → 2 sigmoid → 10 softmax, 3 epochs, completed.
    case image

    /// The `.dump` of the store.
    var sql: String {
        switch self {
        case .circles: return #"""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE run (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                created_at  TEXT NOT NULL,      -- ISO 8601
                config_json TEXT NOT NULL,      -- the run's settings as JSON
                layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
                activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
                loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
                status      TEXT NOT NULL,      -- running | completed | diverged
                diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
            );
            INSERT INTO run VALUES(1,'2026-11-30T02:02:45Z','{"activation":"relu","batch-size":0,"classes":3,"dataset":"circles","epochs":4,"factor":0.5,"fps":20,"frame-every":2,"hidden":[3],"learning-rate":0.5,"lr-schedule":"constant","noise":0.1,"optimizer":"gd","samples":12,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}','[2,3,1]','["relu","identity"]','binary-cross-entropy','completed',NULL);
            CREATE TABLE dataset (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
                sample_count  INTEGER NOT NULL,
                feature_count INTEGER NOT NULL,
                image_width   INTEGER,
                image_height  INTEGER,
                class_names   TEXT NOT NULL,    -- JSON array; [] for regression
                features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
                labels        BLOB,             -- int32 per sample (classification)
                targets       BLOB,             -- float32 per sample (regression)
                is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
                mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
                deviation     BLOB NOT NULL     -- float32 per feature
            );
            INSERT INTO dataset VALUES(1,'circles','points2D',12,2,NULL,NULL,'["outer","inner"]',X'ece4efbed68643bffd48fd3eb423a43daeef3cbeab3d84bec708e7bec92a873f4bb357be8830ec3eac3e8fbff54d0bbdf3568c3e3a5783be4ad9f4be05ca10be8da37f3f08053dbedbf3b13e517878bf692d143fb5ec3c3f9029863ed32dc33e',X'000000000100000001000000000000000100000000000000010000000100000000000000000000000000000001000000',NULL,X'000000000000000000000101',X'b549a3bd2633cfbd',X'd152143fb7ed0a3f');
            CREATE TABLE epoch (
                epoch       INTEGER PRIMARY KEY, -- from 0
                train_loss  REAL,
                test_loss   REAL,
                train_score REAL,               -- accuracy, or R² for regression
                test_score  REAL,
                seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
                parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                                -- NULL for epochs not drawn (see --frame-every)
                confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                                -- column = predicted); NULL for regression
            );
            INSERT INTO epoch VALUES(0,0.65294945240020751953,0.66524547338485717773,0.5,0.5,0.00030158900000000000204,X'd7fdcf3c0999e8bf21c6493fa6f1a4bfe24aef3e6135f33f717c17bdaf66b7bbaae2e538194c79bf578d5a3e5341b0bdb6d52f3c',X'01000000000000000100000000000000');
            INSERT INTO epoch VALUES(1,0.61565679311752319335,0.65550053119659423828,0.5,0.5,8.9512999999999994914e-05,X'1670833d11fee6bf06d0493ff6e2a5bf129deb3ea36ef33fd0f69ebd73959cbb66eec7b827727cbf6325ba3dfb0b01be6c7a2e3d',X'01000000000000000100000000000000');
            INSERT INTO epoch VALUES(2,0.59251171350479125976,0.64907693862915039062,0.5,0.5,8.6358000000000002252e-05,X'9464b33d6a72e6bffbee493ff212a7bff7a0ea3e1e91f33f0685c5bd64b55ebbf460afba142b80bf80c067bb835514be0e7eb03d',X'01000000000000000100000000000000');
            INSERT INTO epoch VALUES(3,0.57411199808120727539,0.64374887943267822265,0.59999999999999997779,0.5,7.9128000000000005406e-05,X'5a4ee43dde76e6bf5e254a3f204ba8bf7ba7ea3efd98f33f4d14ebbd2bf363bbc7e056bb5e4082bf683fa2bd2d361cbe79dd0b3e',X'01000000000000000100000000000000');
            COMMIT;
            """#
        case .sine: return #"""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE run (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                created_at  TEXT NOT NULL,      -- ISO 8601
                config_json TEXT NOT NULL,      -- the run's settings as JSON
                layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
                activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
                loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
                status      TEXT NOT NULL,      -- running | completed | diverged
                diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
            );
            INSERT INTO run VALUES(1,'2026-11-30T02:02:46Z','{"activation":"tanh","batch-size":0,"classes":3,"dataset":"sine","epochs":3,"factor":0.5,"fps":20,"frame-every":1,"hidden":[2],"learning-rate":0.1,"lr-schedule":"constant","noise":0.1,"optimizer":"gd","samples":10,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}','[1,2,1]','["tanh","identity"]','mean-squared-error','completed',NULL);
            CREATE TABLE dataset (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
                sample_count  INTEGER NOT NULL,
                feature_count INTEGER NOT NULL,
                image_width   INTEGER,
                image_height  INTEGER,
                class_names   TEXT NOT NULL,    -- JSON array; [] for regression
                features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
                labels        BLOB,             -- int32 per sample (classification)
                targets       BLOB,             -- float32 per sample (regression)
                is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
                mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
                deviation     BLOB NOT NULL     -- float32 per feature
            );
            INSERT INTO dataset VALUES(1,'sine','regression1D',10,1,NULL,NULL,'[]',X'a4bb4340852a06bfd5c5a3bfcc6e28408ee1223f5d25a03e54dc22bd95482640ac3efabe5f2a1ec0',NULL,X'22e13cbc82dcd7be1d296dbf33912d3f96ae273f93c25d3e3bc613bed472073f5c30cdbed39236bf',X'00000000000000000101',X'8c9b6c3f',X'd03cc33f');
            CREATE TABLE epoch (
                epoch       INTEGER PRIMARY KEY, -- from 0
                train_loss  REAL,
                test_loss   REAL,
                train_score REAL,               -- accuracy, or R² for regression
                test_score  REAL,
                seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
                parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                                -- NULL for epochs not drawn (see --frame-every)
                confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                                -- column = predicted); NULL for regression
            );
            INSERT INTO epoch VALUES(0,0.48397374153137207031,0.88329935073852539062,-0.73529697829518303464,-35.198874512638283818,0.00020588599999999998677,X'37a0003e795b2e3f9d2c7ebc13224dbb04048abfa79813be68ec5b3c',NULL);
            INSERT INTO epoch VALUES(1,0.31614282727241516113,0.47604075074195861816,-0.1335360874036937151,-18.508831406201622371,6.1791999999999993849e-05,X'e08c4b3b01162c3fd4abcbbc4d77a0bb792c88bf01f0a2bd85dcae3c',NULL);
            INSERT INTO epoch VALUES(2,0.23142825067043304443,0.25805866718292236328,0.17020957750669685193,-9.5756126365499003583,5.356000000000000219e-05,X'5478aebd96302b3f0a70f3bcb1d5bebbbc2788bf829f0bbd1728d43c',NULL);
            COMMIT;
            """#
        case .table: return #"""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE run (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                created_at  TEXT NOT NULL,      -- ISO 8601
                config_json TEXT NOT NULL,      -- the run's settings as JSON
                layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
                activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
                loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
                status      TEXT NOT NULL,      -- running | completed | diverged
                diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
            );
            INSERT INTO run VALUES(1,'2026-11-30T02:02:46Z','{"activation":"leaky-relu","batch-size":0,"classes":3,"dataset":"csv:t.csv","epochs":3,"factor":0.5,"fps":20,"frame-every":1,"hidden":[2],"learning-rate":0.5,"lr-schedule":"constant","noise":0.1,"optimizer":"gd","output":"sigmoid-per-class","samples":1000,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}','[3,2,3]','["leaky-relu","identity"]','binary-cross-entropy','completed',NULL);
            CREATE TABLE dataset (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
                sample_count  INTEGER NOT NULL,
                feature_count INTEGER NOT NULL,
                image_width   INTEGER,
                image_height  INTEGER,
                class_names   TEXT NOT NULL,    -- JSON array; [] for regression
                features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
                labels        BLOB,             -- int32 per sample (classification)
                targets       BLOB,             -- float32 per sample (regression)
                is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
                mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
                deviation     BLOB NOT NULL     -- float32 per feature
            );
            INSERT INTO dataset VALUES(1,'t','table',12,3,NULL,NULL,'["0","1","2"]',X'54e30d400c021b4023db01407d3fc53f2731f83f9cc4b03ff0a7663fb6f3fd3ccdcccc3cf853633e8941e03eb6f3fd3ed7a3a03f295cbf3fd578b93f3f352e40f0a70e40e17a3c404c37093efed4583f8195433f5eba2940fa7e324019040640f2d29d3f68919d3f31089c3f3789e13f8941803fc3f5b83f4260e53c1904563f2db2dd3ea4701d405c8f124010580140',X'020000000100000000000000000000000100000002000000000000000200000001000000010000000000000002000000',NULL,X'000000000000000000010101',X'ba23b73f5fe0be3f4e62b03f',X'9847663f7c16623f8002583f');
            CREATE TABLE epoch (
                epoch       INTEGER PRIMARY KEY, -- from 0
                train_loss  REAL,
                test_loss   REAL,
                train_score REAL,               -- accuracy, or R² for regression
                test_score  REAL,
                seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
                parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                                -- NULL for epochs not drawn (see --frame-every)
                confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                                -- column = predicted); NULL for regression
            );
            INSERT INTO epoch VALUES(0,0.6641896367073059082,0.68330943584442138671,0.33333333333333331482,0.33333333333333331482,0.00021540099999999999308,X'30332abc377ebebfa08d263f23c983bf1729cd3eb1b2c83fed43ac3c34eade3b84e061bf08a69b3e3615aa3ce39ad0be11c2d13e2e6634bf45a5a4bb00572dbd8c1a78bc',X'000000000100000000000000000000000100000000000000000000000100000000000000');
            INSERT INTO epoch VALUES(1,0.64768546819686889648,0.66656011343002319335,0.44444444444444441977,0.33333333333333331482,6.1711999999999994615e-05,X'd99edebb10a0bcbf2adf283f745482bf5ba9cf3edf4eca3fe645313d0a91883c002967bf31e4893e9b4c4e3df14abebe591cc03e79de39bf498f24bcfb0ea7bd413df8bc',X'000000000100000000000000000000000100000000000000000000000100000000000000');
            INSERT INTO epoch VALUES(2,0.63301110267639160156,0.65108186006546020507,0.33333333333333331482,0.33333333333333331482,0.00012559699999999999705,X'f81181ba2539bbbf1fa42b3fc35a81bf0e39d33ece74cb3f1c28883d1f75ed3ccf736cbfc598703e7085a43d5f15adbebdf1af3e71183fbf68ef71bc34c5f1bd00f139bd',X'000000000100000000000000000000000100000000000000000000000100000000000000');
            COMMIT;
            """#
        case .spiral: return #"""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE run (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                created_at  TEXT NOT NULL,      -- ISO 8601
                config_json TEXT NOT NULL,      -- the run's settings as JSON
                layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
                activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
                loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
                status      TEXT NOT NULL,      -- running | completed | diverged
                diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
            );
            INSERT INTO run VALUES(1,'2026-11-30T02:02:58Z','{"activation":"relu","batch-size":0,"classes":3,"dataset":"spiral","epochs":8,"factor":0.5,"fps":20,"frame-every":1,"hidden":[2],"learning-rate":100000000,"lr-schedule":"constant","noise":0.1,"optimizer":"momentum","samples":12,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}','[2,2,3]','["relu","identity"]','softmax-cross-entropy','diverged',2);
            CREATE TABLE dataset (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
                sample_count  INTEGER NOT NULL,
                feature_count INTEGER NOT NULL,
                image_width   INTEGER,
                image_height  INTEGER,
                class_names   TEXT NOT NULL,    -- JSON array; [] for regression
                features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
                labels        BLOB,             -- int32 per sample (classification)
                targets       BLOB,             -- float32 per sample (regression)
                is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
                mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
                deviation     BLOB NOT NULL     -- float32 per feature
            );
            INSERT INTO dataset VALUES(1,'spiral','points2D',12,2,NULL,NULL,'["arm 1","arm 2","arm 3"]',X'0000000000000080bf387f3f45949fbd590a11bfd2f252bfd0368c3e2399423e00000080000000809a3733bfc0cd363f000000800000000011071abdc193a9be00a9c53d65de283f9d2b38be30b18f3ec0fc543ed22522bfb38509bfcf22cabe',X'020000000100000000000000000000000100000002000000000000000200000001000000010000000000000002000000',NULL,X'000000000000000000010101',X'46b7e53b7677163d',X'85a5ea3e66a8e23e');
            CREATE TABLE epoch (
                epoch       INTEGER PRIMARY KEY, -- from 0
                train_loss  REAL,
                test_loss   REAL,
                train_score REAL,               -- accuracy, or R² for regression
                test_score  REAL,
                seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
                parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                                -- NULL for epochs not drawn (see --frame-every)
                confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                                -- column = predicted); NULL for regression
            );
            INSERT INTO epoch VALUES(0,1065752715067392.0,622038100213760.0,0.44444444444444441977,0.0,0.00037060100000000002502,X'ff3fcf4bcc76dac88bdb99cb35a7204c9f101acbdaadcfc7371d01cba7aeafc90e13174b0d03364c3ca0d3ca068f1bccf0fc8c4aec05074ae77fd0ca',X'000000000000000001000000010000000000000000000000010000000000000000000000');
            INSERT INTO epoch VALUES(1,3.5241332343401888045e+29,1.882379405864256516e+30,0.33333333333333331482,0.33333333333333331482,6.8242000000000001551e-05,X'5f8977d731fb9e583670ed552a1506d95931e5d607d0b4d81c5175cbc4ed0758c4ed07d87dbe9cd87038155887442458b40e08ccca300f4ca442e4c9',X'000000000000000001000000000000000100000000000000000000000100000000000000');
            COMMIT;
            """#
        case .image: return #"""
            PRAGMA foreign_keys=OFF;
            BEGIN TRANSACTION;
            CREATE TABLE run (
                id          INTEGER PRIMARY KEY CHECK (id = 1),
                created_at  TEXT NOT NULL,      -- ISO 8601
                config_json TEXT NOT NULL,      -- the run's settings as JSON
                layer_sizes TEXT NOT NULL,      -- JSON array, e.g. [2,16,1]
                activations TEXT NOT NULL,      -- JSON array, one per layer, the last "identity"
                loss        TEXT NOT NULL,      -- binary-cross-entropy | softmax-cross-entropy | mean-squared-error
                status      TEXT NOT NULL,      -- running | completed | diverged
                diverged_at INTEGER             -- the epoch whose loss became NaN/infinite, if diverged
            );
            INSERT INTO run VALUES(1,'2026-11-30T02:02:51Z','{"activation":"sigmoid","batch-size":0,"classes":3,"dataset":"mnist:tiny","epochs":3,"factor":0.5,"fps":20,"frame-every":1,"hidden":[2],"learning-rate":0.05,"lr-schedule":"constant","noise":0.1,"optimizer":"adam","samples":1000,"seed":0,"size":160,"test-fraction":0.2,"weight-decay":0}','[12,2,10]','["sigmoid","identity"]','softmax-cross-entropy','completed',NULL);
            CREATE TABLE dataset (
                id            INTEGER PRIMARY KEY CHECK (id = 1),
                name          TEXT NOT NULL,
                kind          TEXT NOT NULL,    -- points2D | image | regression1D | table
                sample_count  INTEGER NOT NULL,
                feature_count INTEGER NOT NULL,
                image_width   INTEGER,
                image_height  INTEGER,
                class_names   TEXT NOT NULL,    -- JSON array; [] for regression
                features      BLOB NOT NULL,    -- float32, sample_count × feature_count, row-major, unstandardised
                labels        BLOB,             -- int32 per sample (classification)
                targets       BLOB,             -- float32 per sample (regression)
                is_test       BLOB NOT NULL,    -- uint8 per sample: 1 = test part
                mean          BLOB NOT NULL,    -- float32 per feature: standardisation fitted on the training part
                deviation     BLOB NOT NULL     -- float32 per feature
            );
            INSERT INTO dataset VALUES(1,'mnist','image',6,12,3,4,'["0","1","2","3","4","5","6","7","8","9"]',X'fcfa7a3f9594143e9594943ee0dede3efcfa7a3fbab9393fb1b0b03deeec6c3efcfa7a3f8685053fabaa2a3fe2e0e03cfcfa7a3f8d8c8c3ed8d6d63e9190103ffcfa7a3f9190903ddedc5c3eb9b8b83efcfa7a3fa7a6263fc2c0403ca1a0203eb1b0303dfcfa7a3fabaaaa3ef6f4f43ea09f1f3ffcfa7a3f8584043e8d8c8c3ed8d6d63efcfa7a3fb6b5353f9190903db1b0303efcfa7a3feeecec3e9c9b1b3fc2c0403ffcfa7a3f8584843ed0cece3e8d8c0c3ffcfa7a3fe2e0603dcecc4c3eb1b0b03deeec6c3efcfa7a3f8685053fabaa2a3fe2e0e03cfcfa7a3fa3a2a23eeeecec3e9c9b1b3ffcfa7a3feae8e83ddedc5c3eb9b8b83efcfa7a3fa7a6263fc2c0403ca1a0203efcfa7a3fe6e4e43e9897173fbdbc3c3ffcfa7a3ffaf8783e',X'000000000000000001000000010000000200000002000000',NULL,X'010101010101',X'000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',X'0000803f0000803f0000803f0000803f0000803f0000803f0000803f0000803f0000803f0000803f0000803f0000803f');
            CREATE TABLE epoch (
                epoch       INTEGER PRIMARY KEY, -- from 0
                train_loss  REAL,
                test_loss   REAL,
                train_score REAL,               -- accuracy, or R² for regression
                test_score  REAL,
                seconds     REAL NOT NULL,      -- wall-clock time of this epoch's training
                parameters  BLOB,               -- float32: W1 (in×out, row-major), b1, W2, b2, …;
                                                -- NULL for epochs not drawn (see --frame-every)
                confusion   BLOB                -- int32, K×K test confusion matrix (row = true class,
                                                -- column = predicted); NULL for regression
            );
            INSERT INTO epoch VALUES(0,1.8563516139984130859,1.8586068153381347656,0.33333333333333331482,0.33333333333333331482,0.00025919600000000000321,X'66f73a3efcb2bf3e5edc11bfc28672bdda97823e994e343f387e1bbed401c63d93f6033fa731193fb0140ebfa24104bfbfa210bf1165813e3af061bdc4d15dbe94a5a23e0a18b7be90b1783c186b07bf836797bed4dc2a3d572e91be6ea85e3eebc54cbdcbcc4c3d87053d3f7ba36abe90a7823e63e8083f27d5233f036c003f3ef60ebf2a22b0be7339a43e5ac407bff7a3323f00ec323feae11c3fcc7703bfde78d7be48d239bee2e6813e040f033f98f233bff4b712bfcccc4c3dcccc4c3dcbcc4c3dcccc4cbdcbcc4cbdcccc4cbdcbcc4cbdcccc4cbdcbcc4cbdcacc4cbd',X'02000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000');
            INSERT INTO epoch VALUES(1,1.7094243764877319335,1.711933135986328125,0.33333333333333331482,0.33333333333333331482,0.00010869199999999999543,X'36266e3eea40d93e4a061ebf4c2a16bcac11933ee617413ffe04f6bd0b2f163e8c94103fa6fb253f68301abf31e2eebedac608bfd1f29a3e646addbce6a32abe42aabb3ed1839dbebeaa6abc0b3af5be8e1c86be42b6bb3dd99c8abebcea883e44ef53bcaec3cc3d87ca493f1cdf38be7b999b3e2b96f83e5736173f3d8de73eb2ab1bbf7b93c9be05058b3ea36814bf3f723f3fc6bc3f3fc9b1293f614510bf6f14f1beda0f6dbe3489503e137cec3ec2bf40bf2f881fbf9c27cc3dac73cc3d596acc3dde17ccbd4a1dccbd7845ccbdfbaaccbd6db5ccbde10cccbd4e59ccbd',X'02000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000');
            INSERT INTO epoch VALUES(2,1.5764325857162475585,1.5793654918670654296,0.33333333333333331482,0.33333333333333331482,7.5592000000000004024e-05,X'4bbd903e499af23e0fbb29bfd545273dfcc9a73ec1cd4d3f2a8da3bd2324493ea34b1d3f65b3323ff8ca25bfb641d5be932ffdbe9a4eb43e7c6f3d3c7e5fefbd3cf0d43eb61384be76acc2bc5eaddbbe381662beecae103e945f75be5663a23ee2adf43cc458193e9386563f3f5808beec6eb43e8390df3ed4ae0a3f0c67ce3e875228bfb2f3e2be0c26643e25ea20bf32334c3ff9934c3fa782363f68111dbfb65705bf5f2a90bed9321d3ed8cdd23e91884dbf70542cbf2603183e6afb183e84d4183e295118be3a6218be8ba018be022119be974219beca2d18be807e18be',X'02000000000000000000000000000000000000000000000000000000000000000000000000000000020000000000000000000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000');
            COMMIT;
            """#
        }
    }
}

import GRDB

extension StoreFixture {
    /// Writes the store as `directory/frames.sqlite`, WAL mode and schema version 1, closed cleanly
    /// (no `-wal` left), as a finished run leaves it.
    @discardableResult
    func materialize(in directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("frames.sqlite")
        var configuration = Configuration()
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.inDatabase { db in
            try db.execute(sql: sql)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        try queue.close()
        return url
    }
}
