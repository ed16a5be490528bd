package dev.haechi.demo.retailer;

import java.time.LocalDate;
import java.util.List;

/**
 * The retailer's systems and who has an account in each: the directory and the IdP for everyone,
 * AWS, GitHub and CI for engineers, the warehouse system for warehouse and delivery staff, and so
 * on. {@code coverage} is the share of a department's people with an account; {@code
 * privilegedRate} the share of those (current employees only) who are privileged there.
 */
enum AccountSystem {
  CORP_AD("corp-ad", Format.LDIF, "2012-01-01", 0.015),
  IDP("idp", Format.SCIM, "2021-06-01", 0),
  AWS_PROD("aws-prod", Format.AWS, "2016-05-01", 0),
  AWS_ANALYTICS("aws-analytics", Format.AWS, "2019-09-01", 0),
  GITHUB("github", Format.CSV, "2015-03-01", 0.02),
  CI("ci", Format.CSV, "2017-02-01", 0.03),
  JIRA("jira", Format.CSV, "2014-06-01", 0.005),
  COLLAB("collab", Format.CSV, "2018-01-01", 0.002),
  VPN("vpn", Format.CSV, "2013-01-01", 0),
  WMS("wms", Format.CSV, "2011-01-01", 0.004),
  CRM("crm", Format.CSV, "2016-01-01", 0.01),
  ERP("erp", Format.CSV, "2012-06-01", 0.02),
  PAYROLL("payroll", Format.CSV, "2014-01-01", 0.08),
  POS_ADMIN("pos-admin", Format.CSV, "2015-01-01", 0.05);

  /** How a system's accounts are exported (FORMATS.md §1.2). */
  enum Format {
    LDIF(".ldif"),
    SCIM(".json"),
    AWS(".aws.csv"),
    CSV(".csv");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }
  }

  final String systemName;
  final Format format;
  final LocalDate launched;
  final double privilegedRate;

  AccountSystem(String systemName, Format format, String launched, double privilegedRate) {
    this.systemName = systemName;
    this.format = format;
    this.launched = LocalDate.parse(launched);
    this.privilegedRate = privilegedRate;
  }

  String fileName() {
    return "accounts/" + systemName + format.suffix;
  }

  /** The share of a department's people that have an account here. */
  double coverage(Department d) {
    return switch (this) {
      case CORP_AD -> 1.0;
      case IDP -> 0.99;
      case AWS_PROD -> d.technical() ? 0.25 : 0;
      case AWS_ANALYTICS -> d == Department.DATA ? 0.5 : d == Department.ENGINEERING ? 0.04 : 0;
      case GITHUB -> d.technical() ? 0.92 : 0;
      case CI -> d == Department.ENGINEERING || d == Department.PLATFORM ? 0.7 : 0;
      case JIRA -> d.office ? 0.75 : 0;
      case COLLAB -> d.office ? 0.97 : 0.08;
      case VPN -> d.office ? 0.55 : 0;
      case WMS -> d == Department.FULFILMENT || d == Department.DELIVERY ? 0.95 : 0;
      case CRM ->
          List.of(
                      Department.CUSTOMER_SERVICE,
                      Department.MARKETING,
                      Department.MERCHANDISING,
                      Department.STORE_OPERATIONS)
                  .contains(d)
              ? 0.9
              : 0;
      case ERP ->
          List.of(Department.FINANCE, Department.PROCUREMENT, Department.MERCHANDISING).contains(d)
              ? 0.9
              : 0;
      case PAYROLL -> d == Department.HR ? 0.6 : d == Department.FINANCE ? 0.3 : 0;
      case POS_ADMIN -> d == Department.STORE_OPERATIONS ? 0.85 : 0;
    };
  }

  /** Which identifiers the export carries, so that matching has to use different keys. */
  boolean exportsEmployeeId() {
    return this == CORP_AD
        || this == IDP
        || this == VPN
        || this == WMS
        || this == CRM
        || this == ERP
        || this == PAYROLL
        || this == POS_ADMIN;
  }

  boolean exportsEmail() {
    return this != VPN && this != WMS && this != CI && this != POS_ADMIN;
  }

  boolean exportsUsername() {
    return this != CRM && this != COLLAB && this != ERP && this != PAYROLL;
  }
}
